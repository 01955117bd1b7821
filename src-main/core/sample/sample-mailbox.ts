import type { Address } from '../../../src-preload/contract'
import type { ParsedMessage } from '../mail/message-parser'

// A small, deterministic demo mailbox so a newcomer sees a full inbox without any network.
// Written as data, not generated randomly, so every first look at Rapport is the same.

const ME: Address = { name: 'Sam Demo', address: 'sam@rapport.example' }

const people: Address[] = [
  { name: 'Carlos Mendes', address: 'carlos@mendes-trading.com.br' },
  { name: 'Dewi Lestari', address: 'dewi@nusantara.co.id' },
  { name: '王芳', address: 'wang.fang@163.com' },
  { name: 'Carter Blake', address: 'carter@blake-logistics.com' },
  { name: 'Amélie Durand', address: 'amelie@durand.fr' },
  { name: 'Budi Santoso', address: 'budi.santoso@gmail.com' },
  { name: 'Priya Raman', address: 'priya@loomworks.in' },
  { name: 'Jonas Berg', address: 'jonas@berg.se' }
]

type SampleThread = {
  subject: string
  person: number
  lines: Array<{ out?: boolean; text: string; html?: string }>
}

const threads: SampleThread[] = [
  {
    subject: 'Quote for 500 units',
    person: 0,
    lines: [
      {
        text: 'Hi Sam,\n\nCould you send a quote for 500 units, delivered to São Paulo by March?\n\nThanks,\nCarlos'
      },
      {
        out: true,
        text: 'Hi Carlos,\n\nAttached is our quote: USD 12.40 per unit, delivery in 6 weeks.\n\nBest,\nSam'
      },
      { text: 'Thanks! Can you do 11.90 if we commit to 800?' }
    ]
  },
  {
    subject: 'Penawaran kerja sama distribusi',
    person: 1,
    lines: [
      {
        text: 'Halo Sam,\n\nKami tertarik menjadi distributor di Jawa Barat. Apakah ada katalog terbaru?\n\nSalam,\nDewi'
      },
      {
        out: true,
        text: 'Halo Dewi,\n\nTerima kasih! Katalog terbaru saya kirimkan minggu ini.\n\nSalam,\nSam'
      }
    ]
  },
  {
    subject: '发票和付款安排',
    person: 2,
    lines: [{ text: '您好，\n\n请问上个月的发票什么时候可以开出？我们需要在月底前付款。\n\n谢谢！\n王芳' }]
  },
  {
    subject: 'Shipment delayed at the port',
    person: 3,
    lines: [
      {
        text: 'Sam, the container is held at customs. New ETA is Friday.',
        html: '<p>Sam,</p><p>The container is <b>held at customs</b>. New ETA is <i>Friday</i>.</p><p><img src="https://tracker.example/pixel.gif" alt=""> Tracking: <a href="https://blake-logistics.example/track/ABC123">ABC123</a></p>'
      }
    ]
  },
  {
    subject: 'Rendez-vous à Lyon',
    person: 4,
    lines: [
      { text: 'Bonjour Sam,\n\nSeriez-vous disponible mardi pour un rendez-vous à Lyon ?\n\nAmélie' },
      { out: true, text: 'Bonjour Amélie,\n\nMardi 10h me convient parfaitement.\n\nSam' },
      { text: 'Parfait, à mardi !' }
    ]
  },
  {
    subject: 'Re: Harga grosir',
    person: 5,
    lines: [{ text: 'Mas Sam, untuk 016 014 apakah masih ada stok?' }]
  },
  {
    subject: 'Contract renewal 2027',
    person: 6,
    lines: [
      { text: 'Hi Sam, our contract ends in January. Shall we renew on the same terms?' },
      { out: true, text: 'Hi Priya, yes. I will send the renewal draft tomorrow.' }
    ]
  },
  {
    subject: 'Trade fair in Stockholm',
    person: 7,
    lines: [{ text: 'Will you have a booth at the fair this year?' }]
  }
]

export const sampleOwner = ME

/** The demo messages, oldest first, with dates counted back from `now`. */
export function sampleMessages(now: number): Array<{ parsed: ParsedMessage; folder: 'INBOX' | 'Sent' }> {
  const out: Array<{ parsed: ParsedMessage; folder: 'INBOX' | 'Sent' }> = []
  const hour = 3_600_000
  threads.forEach((thread, t) => {
    const person = people[thread.person]!
    let parentId: string | null = null
    const references: string[] = []
    thread.lines.forEach((line, i) => {
      const messageId = `<sample-${t}-${i}@rapport.example>`
      const date = now - (threads.length - t) * 26 * hour + i * 3 * hour
      const from = line.out ? ME : person
      const to = line.out ? person : ME
      out.push({
        folder: line.out ? 'Sent' : 'INBOX',
        parsed: {
          messageId,
          inReplyTo: parentId,
          references: [...references],
          subject: i === 0 ? thread.subject : `Re: ${thread.subject}`,
          from,
          to: [to],
          cc: [],
          bcc: [],
          replyTo: [],
          date,
          text: line.text,
          html: line.html ?? null,
          snippet: line.text.replace(/\s+/g, ' ').slice(0, 200),
          attachments:
            line.out && t === 0
              ? [
                  {
                    filename: 'quote-500-units.pdf',
                    contentType: 'application/pdf',
                    size: 48213,
                    contentId: null,
                    disposition: 'attachment'
                  }
                ]
              : [],
          size: line.text.length,
          parseError: null
        }
      })
      references.push(messageId)
      parentId = messageId
    })
  })
  return out
}
