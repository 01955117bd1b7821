import type { Core } from '../core'
import type { Handlers } from './handlers'

type ImageHandlers = Pick<Handlers, 'images.senders' | 'images.allowSender' | 'images.stopSender'>

/** The senders whose remote images are shown without asking (conversations re-read them). */
export function createImageHandlers(core: Core): ImageHandlers {
  const senders = () => core.workspace.imageSenders
  const changed = <T>(list: T): T => {
    core.events.emit('changed', { tables: ['image_senders'], ids: [] })
    return list
  }
  return {
    'images.senders': () => senders().list(),
    'images.allowSender': ({ address }) => changed(senders().allow(address)),
    'images.stopSender': ({ address }) => changed(senders().stop(address))
  }
}
