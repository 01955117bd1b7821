// Reply, Reply all and Forward on one message's action bar. Reply all shows only where it would
// write to more people than Reply does; a read-only archive's message has Forward only.
import { useTranslation } from 'react-i18next'
import type { MessageDetail } from '../../../../src-preload/contract'
import type { MessageCompose } from '../composer/use-message-compose'
import { useErrorMessage } from '../../i18n/error-message'
import { ActionButton } from './ActionButton'

type Props = { message: MessageDetail; compose: MessageCompose }

export function MessageComposeActions({ message, compose }: Props) {
  const { t } = useTranslation()
  // A read-only archive sends nothing: its conversations have no reply box to reply into.
  const one = compose.archived ? null : compose.recipients(message, false)
  const all = compose.archived ? null : compose.recipients(message, true)
  const count = (r: typeof one) => (r ? r.to.length + r.cc.length : 0)
  const forwarding = compose.forwarding === message.id
  return (
    <>
      {one ? (
        <ActionButton
          testId="message-reply"
          label={t('thread.actions.reply')}
          disabled={false}
          onClick={() => compose.reply(message, false)}
        />
      ) : null}
      {count(all) > count(one) ? (
        <ActionButton
          testId="message-reply-all"
          label={t('thread.actions.replyAll')}
          disabled={false}
          onClick={() => compose.reply(message, true)}
        />
      ) : null}
      <ActionButton
        testId="message-forward"
        label={forwarding ? t('thread.actions.forwarding') : t('thread.actions.forward')}
        disabled={compose.forwarding !== null}
        onClick={() => void compose.forward(message)}
      />
    </>
  )
}

/** Why Forward of this message did not open New message. */
export function ForwardFailure({ message, compose }: Props) {
  const describeError = useErrorMessage()
  const failure = compose.failure
  if (!failure || failure.messageId !== message.id) return null
  return (
    <p className="message-actions__error" role="alert" data-testid="message-forward-error">
      {describeError(failure.error)}
    </p>
  )
}
