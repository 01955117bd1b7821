// Signatures per mailbox in the real renderer (Chromium, web mode) against a real core, Dovecot
// and SMTP relay: set in Mailbox settings, put below "-- " in New message and the reply box (the
// keys above it), swapped with the From while untouched, left as the user edited it.
import { expect, it } from 'vitest'
import { useQuoteMailbox } from './fixtures/connected-mailbox'
import { pageRpcValue } from './fixtures/page-rpc'
import { addBobMailbox } from './fixtures/second-mailbox'

const mailbox = useQuoteMailbox()

const ALICE = 'Alice Tan\nSales, Rapport Ltd.'
const BOB = 'Bob Wibowo\nOperations'

it('puts the From mailbox signature in New message and swaps it with the From until edited', async () => {
  const { page, app, server, relay } = mailbox()
  // Set in Mailbox settings, as a user does.
  await page.getByTestId('account-settings-open').first().click()
  const settings = page.getByTestId('account-settings')
  await settings.waitFor()
  await settings.getByTestId('signature-text').fill(ALICE)
  await settings.getByTestId('signature-save').click()
  await settings.getByTestId('signature-saved').waitFor()
  await page.getByTestId('account-settings-close').click()
  await settings.waitFor({ state: 'detached' })

  const bobId = await addBobMailbox(page, server, relay)
  await pageRpcValue(page, 'accounts.setSignature', { accountId: bobId, signature: BOB })

  const text = page.getByTestId('composer-text')
  const from = page.locator('#composer-from')
  await page.getByTestId('new-message').click()
  await app.composer.waitFor()
  await expect.poll(() => from.inputValue()).toBe('1')
  await expect.poll(() => text.inputValue()).toBe(`\n\n-- \n${ALICE}`)

  // Only the signature: blank, so Discard brings no notice to undo, and the next one has it again.
  await page.getByTestId('composer-discard').click()
  await app.composer.waitFor({ state: 'detached' })
  await page.getByTestId('new-message').click()
  await app.composer.waitFor()
  await expect.poll(() => text.inputValue()).toBe(`\n\n-- \n${ALICE}`)
  expect(await page.getByTestId('draft-discarded').count()).toBe(0)

  // Another From: its signature instead, the keys going above it.
  await from.selectOption(String(bobId))
  await expect.poll(() => text.inputValue()).toBe(`\n\n-- \n${BOB}`)
  await text.click({ position: { x: 20, y: 8 } })
  await page.keyboard.type('Hello Dewi,')
  await expect.poll(() => text.inputValue()).toBe(`Hello Dewi,\n\n-- \n${BOB}`)
  await from.selectOption('1')
  await expect.poll(() => text.inputValue()).toBe(`Hello Dewi,\n\n-- \n${ALICE}`)

  // Edited, it stays as the user made it.
  await text.press('Control+End')
  await page.keyboard.type(' (mobile)')
  await from.selectOption(String(bobId))
  await expect.poll(() => from.inputValue()).toBe(String(bobId))
  expect(await text.inputValue()).toBe(`Hello Dewi,\n\n-- \n${ALICE} (mobile)`)
  await page.getByTestId('composer-discard').click()
  await app.composer.waitFor({ state: 'detached' })
})

it("puts the mailbox's signature in the reply box, sent at the end of the reply, and in a forward", async () => {
  const { page, app, relay } = mailbox()
  await app.openConversation('Quote for 40 chairs')
  const reply = page.getByTestId('reply-box')
  await reply.click()
  await expect.poll(() => reply.inputValue()).toBe(`\n\n-- \n${ALICE}`)
  // Nothing written above it: nothing to send yet.
  await expect.poll(() => page.getByTestId('send-reply').isDisabled()).toBe(true)
  const words = `Twelve chairs then ${Date.now()}.`
  await page.keyboard.type(words)
  await expect.poll(() => reply.inputValue()).toBe(`${words}\n\n-- \n${ALICE}`)
  await page.getByTestId('send-reply').click()
  await page.getByTestId('undo-send-now').click()
  const sent = () => relay.received.find((m) => m.raw.toString('utf8').includes(words))
  await expect.poll(sent, { timeout: 30_000 }).toBeTruthy()
  expect(sent()!.raw.toString('utf8')).toMatch(/-- ?(=20)?\r\nAlice Tan\r\nSales, Rapport Ltd\./)

  // Forward: the signature after the forwarded message (all below "-- " reads as signature).
  await page.getByTestId('message-forward').first().click()
  await app.composer.waitFor()
  const forwarded = await page.getByTestId('composer-text').inputValue()
  expect(forwarded).toContain('Quote for 40 chairs')
  expect(forwarded.endsWith(`\n\n-- \n${ALICE}`)).toBe(true)
})
