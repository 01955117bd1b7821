// Recipients the SMTP server refused while it took the message for the others. nodemailer only
// throws when every recipient is refused; otherwise the refusals come back in the result, and
// the message would look sent to everyone. These rules say who got it and what becomes of the rest.
import { z } from 'zod'
import { afterFailure, classifySendError } from './outbox-state'

/** What nodemailer reports about a send it completed: the refused recipients and why. */
const SendInfo = z.object({
  rejected: z.array(z.string()).default([]),
  rejectedErrors: z
    .array(
      z
        .object({
          recipient: z.string().optional(),
          response: z.string().optional(),
          responseCode: z.number().optional(),
          message: z.string().optional()
        })
        .passthrough()
    )
    .default([])
})

export type Refusal = { address: string; kind: 'temporary' | 'permanent'; text: string }

/** The refused recipients in a nodemailer result, each with the server's words. */
export function refusalsOf(info: unknown): Refusal[] {
  const parsed = SendInfo.safeParse(info)
  if (!parsed.success) return []
  const { rejected, rejectedErrors } = parsed.data
  return rejected.map((address) => {
    const error = rejectedErrors.find((e) => e.recipient?.toLowerCase() === address.toLowerCase())
    // An address refused without a reply code is treated as refused for now, not for good.
    const kind = error && classifySendError(error) === 'permanent' ? 'permanent' : 'temporary'
    return { address, kind, text: `${address}: ${error?.response ?? error?.message ?? 'refused'}` }
  })
}

export type RefusedGroup = {
  recipients: string[]
  lastError: string
  next: { state: 'failed' } | { state: 'queued'; retryAt: number; refusedAttempts: number }
}

export type SplitPlan = {
  /** The recipients the message went to: the row keeps only these. */
  accepted: string[]
  /** At most two: the recipients to retry (4xx) and those refused for good (5xx, or 4xx too often). */
  groups: RefusedGroup[]
}

/**
 * Splits a message's recipients after a partly refused send. `refusedBefore` is how many of the
 * row's earlier tries were refused for now: the recipients refused for now were refused by those
 * too, so their row goes on counting toward the same limit.
 */
export function planSplit(
  recipients: string[],
  refusals: Refusal[],
  refusedBefore: number,
  now: number,
  random: () => number = Math.random
): SplitPlan {
  const refused = new Map(refusals.map((r) => [r.address.toLowerCase(), r]))
  const accepted = recipients.filter((r) => !refused.has(r.toLowerCase()))
  // Recipients as the row spells them, so a retry sends to the same addresses.
  const spelled = (r: Refusal) =>
    recipients.find((a) => a.toLowerCase() === r.address.toLowerCase()) ?? r.address
  const retry = afterFailure('temporary', refusedBefore + 1, now, random)
  const later = retry.state === 'queued' ? refusals.filter((r) => r.kind === 'temporary') : []
  const never = refusals.filter((r) => !later.includes(r))
  const groups: RefusedGroup[] = []
  if (later.length > 0 && retry.state === 'queued') {
    groups.push({
      recipients: later.map(spelled),
      lastError: later.map((r) => r.text).join('; '),
      next: { state: 'queued', retryAt: retry.retryAt, refusedAttempts: refusedBefore + 1 }
    })
  }
  if (never.length > 0) {
    groups.push({
      recipients: never.map(spelled),
      lastError: never.map((r) => r.text).join('; '),
      next: { state: 'failed' }
    })
  }
  return { accepted, groups }
}
