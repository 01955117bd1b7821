// Which refusals of To, Cc or Bcc the UI explains as "at most 500 addresses": only the contract's
// own limit on the list, not another refusal the core names with the same field.
import { describe, expect, it } from 'vitest'
import { dispatch } from '../../src-main/core/api/dispatcher'
import { tooManyRecipients } from '../../src-renderer/src/i18n/error-message'
import { MAX_RECIPIENTS_PER_FIELD, type ApiError } from '../../src-preload/contract'

describe('the UI telling a too long recipient list from other refusals of the field', () => {
  it('names the limit for a list past it', async () => {
    const cc = Array.from({ length: MAX_RECIPIENTS_PER_FIELD + 1 }, (_, i) => `p${i}@example.test`)
    const response = await dispatch(
      {} as never,
      'outbox.send',
      { accountId: 1, to: ['a@example.test'], cc, subject: 'Hi', text: 'Hi' },
      () => undefined
    )
    expect(response.ok).toBe(false)
    if (response.ok) return
    expect(response.error.field).toBe('cc')
    expect(tooManyRecipients(response.error)).toBe(true)
  })

  it('does not for a message with no recipient, or one bad address in the list', () => {
    const none: ApiError = { code: 'INVALID_INPUT', field: 'to', message: 'Add at least one recipient.' }
    const one: ApiError = { code: 'INVALID_INPUT', field: 'cc.3', message: 'Invalid input' }
    expect(tooManyRecipients(none)).toBe(false)
    expect(tooManyRecipients(one)).toBe(false)
  })
})
