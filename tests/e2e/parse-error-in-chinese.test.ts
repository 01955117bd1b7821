// Why a message could not be read completely is said in the user's language: in the Chinese UI it
// was mailparser's English ("Max allowed child nodes exceeded"), the only thing stored.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { preferLanguage } from './fixtures/ui-language'
import { connectMailbox, MAILBOX_ADDRESS, type ConnectedMailbox } from './fixtures/connected-mailbox'

/** A multipart of more parts than the parser takes (a mail loop or a broken mailer). */
const tooManyParts = Buffer.from(
  [
    'From: Carlos Mendes <carlos@client.test>',
    `To: ${MAILBOX_ADDRESS}`,
    'Subject: 部分太多',
    'Message-ID: <zh-parts@client.test>',
    'Date: Mon, 2 Nov 2026 09:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="p"',
    '',
    ...Array.from({ length: 1001 }, (_, i) => `--p\r\nContent-Type: text/plain\r\n\r\nPart ${i}`),
    '--p--',
    ''
  ].join('\r\n')
)

let mailbox: ConnectedMailbox

beforeAll(async () => {
  mailbox = await connectMailbox({
    mail: [tooManyParts],
    prepare: (context) => preferLanguage(context, 'zh-CN')
  })
  await mailbox.app.threadRows.first().waitFor({ timeout: 60_000 })
})

afterAll(async () => {
  await mailbox?.stop()
})

it('says in Chinese why a message could not be read completely', async () => {
  const { app } = mailbox
  await app.openConversation('部分太多')
  const notice = app.messages.first().getByRole('note')
  await notice.waitFor()
  expect(await notice.innerText()).toBe(
    '无法完整读取此邮件：邮件由超过 1000 个部分组成。下面按收到时的原样显示，未经排版。'
  )
})
