// Sending from a composer: reads the attachments, queues the message in the outbox, and offers
// the undo toast for the undo delay (or for a message scheduled for later).
import { useCallback, useState } from 'react'
import type { ApiError, CommandInput, CommandOutput, Response } from '../../../../src-preload/contract'
import { useMutation } from '../../api/use-mutation'
import { toAttachments } from './attachment-files'
import { useOutboxStore } from './outbox-store'

type Input = Omit<CommandInput<'outbox.send'>, 'attachments'> & { files: readonly File[] }

export function useOutboxSend() {
  const mutation = useMutation('outbox.send')
  const setUndoable = useOutboxStore((state) => state.setUndoable)
  const [reading, setReading] = useState(false)
  const [readError, setReadError] = useState<ApiError | null>(null)

  const send = useCallback(
    async (input: Input, restore: () => void): Promise<Response<CommandOutput<'outbox.send'>>> => {
      const { files, ...message } = input
      setReadError(null)
      setReading(true)
      let attachments
      try {
        attachments = files.length > 0 ? await toAttachments(files) : undefined
      } catch (error) {
        const apiError: ApiError = { code: 'INVALID_INPUT', message: String(error), field: 'attachments' }
        setReadError(apiError)
        return { ok: false, error: apiError }
      } finally {
        setReading(false)
      }
      const response = await mutation.run({ ...message, attachments })
      if (response.ok) {
        const { item, warning } = response.value
        const undoable = item.state === 'scheduled' ? restore : null
        if (undoable || warning)
          setUndoable({ id: item.id, sendAt: item.sendAt, subject: item.subject, restore: undoable, warning })
      }
      return response
    },
    [mutation, setUndoable]
  )

  return {
    send,
    pending: reading || mutation.pending,
    error: readError ?? mutation.error,
    reset: mutation.reset
  }
}
