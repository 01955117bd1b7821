import type { AccountRecord } from '../accounts/account-repository'
import type { AccountService } from '../accounts/account-service'
import { createSmtpTransport } from '../mail-server/smtp-transport'
import { refusalsOf, type Refusal } from './refused-recipients'

/** The SMTP server took the message (for all recipients but `refused`), or the reason it did not. */
export type SubmitResult = { ok: true; refused: Refusal[] } | { ok: false; error: unknown }

/** Hands the exact bytes to the account's SMTP server for these envelope recipients. */
export async function submitOverSmtp(
  accountService: AccountService,
  account: AccountRecord,
  recipients: string[],
  raw: Buffer
): Promise<SubmitResult> {
  try {
    const credentials = await accountService.credentials(account)
    const transport = createSmtpTransport(account.smtp, credentials)
    try {
      const info: unknown = await transport.sendMail({
        envelope: { from: account.email, to: recipients },
        raw
      })
      return { ok: true, refused: refusalsOf(info) }
    } finally {
      transport.close()
    }
  } catch (error) {
    return { ok: false, error: error ?? new Error('unknown SMTP failure') }
  }
}
