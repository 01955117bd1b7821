// Messages in the Outbox waiting to go (not scheduled for later, not failed): offline, the status
// says they wait too, since the task queue's "changes waiting" does not count them.
import { useQuery } from '../../api/use-query'

export function useSendsWaiting(): number {
  const outbox = useQuery('outbox.list', {}, ['outbox'])
  return outbox.data?.filter((item) => item.state === 'queued' || item.state === 'sending').length ?? 0
}
