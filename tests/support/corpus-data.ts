// Fixed vocabulary of the test corpus (see corpus.ts): contacts, subjects, sentences and reply
// prefixes in English, Indonesian, Chinese, French, German and Spanish, and attachment names.

export type Lang = 'en' | 'id' | 'zh' | 'fr' | 'de' | 'es'

export interface Contact {
  name: string
  address: string
  lang: Lang
  /** Sender's UTC offset in minutes, used in its Date header. */
  tz: number
}

export const c = (name: string, address: string, lang: Lang, tz: number): Contact => ({
  name,
  address,
  lang,
  tz
})

// ~40 contacts across domains, scripts and timezones.
export const CONTACTS: Contact[] = [
  c('王伟', 'wang.wei@163.com', 'zh', 480),
  c('李娜', 'li.na@163.com', 'zh', 480),
  c('张敏', 'zhangmin88@qq.com', 'zh', 480),
  c('刘洋', 'liu.yang@example.cn', 'zh', 480),
  c('陈静', 'chenjing@126.com', 'zh', 480),
  c('杨帆 (Fan Yang)', 'fan.yang@gmail.com', 'zh', 480),
  c('黄晓明', 'xiaoming.huang@example.com.cn', 'zh', 480),
  c('周杰', 'zhou.jie@qq.com', 'zh', 480),
  c('Budi Santoso', 'budi.santoso@example.co.id', 'id', 420),
  c('Siti Nurhaliza', 'siti.n@example.co.id', 'id', 420),
  c('Agus Wijaya', 'agus.wijaya@gmail.com', 'id', 420),
  c('Dewi Lestari', 'dewi.lestari@yahoo.co.id', 'id', 420),
  c('Rizky Pratama', 'rizky@tokopedia-mitra.example.co.id', 'id', 420),
  c('Putri Ayu Ningsih', 'putri.ayu@example.co.id', 'id', 480),
  c('Hendra Gunawan', 'hendra.g@gmail.com', 'id', 420),
  c('Wayan Sudarsana', 'wayan@bali-travel.example.co.id', 'id', 480),
  c('Fitri Handayani', 'fitri.h@outlook.co.id', 'id', 420),
  c('Bambang Susilo', 'bambang.susilo@example.go.id', 'id', 420),
  c('José Álvarez', 'jose.alvarez@example.es', 'es', 60),
  c('María Fernández', 'maria.fernandez@gmail.com', 'es', 60),
  c('Zoë Müller', 'zoe.mueller@example.de', 'de', 60),
  c('Jürgen Weiß', 'j.weiss@example.de', 'de', 60),
  c('François Lefèvre', 'francois.lefevre@example.fr', 'fr', 60),
  c('Hélène Dubois', 'helene.dubois@orange.example.fr', 'fr', 60),
  c('Søren Kjærgaard', 'soren@example.dk', 'en', 60),
  c('Emily Carter', 'emily.carter@gmail.com', 'en', -300),
  c('Michael Chen', 'mchen@acme-corp.example', 'en', -480),
  c("Sarah O'Connor", 'sarah.oconnor@example.ie', 'en', 0),
  c('David Smith', 'dsmith@outlook.com', 'en', -300),
  c('Priya Sharma', 'priya.sharma@example.in', 'en', 330),
  c('Tom Nguyen', 'tom.nguyen@gmail.com', 'en', 420),
  c('Jessica Lee', 'jess.lee@example.sg', 'en', 480),
  c('Accounts Payable', 'ap@acme-corp.example', 'en', -480),
  c('GitHub', 'noreply@github.example', 'en', 0),
  c('Shopee Indonesia', 'no-reply@shopee.example.co.id', 'id', 420),
  c('Alibaba 阿里巴巴', 'service@alibaba.example.com', 'zh', 480),
  c('Kevin Tan', 'kevin.tan@example.com.sg', 'en', 480),
  c('Anna Kowalska', 'anna.kowalska@example.pl', 'en', 60),
  c('Rahul Verma', 'rahul@startup.example.in', 'en', 330),
  c('Lukas Bauer', 'lukas.bauer@gmx.example.de', 'de', 60)
]

export const SUBJECTS: Record<Lang, string[]> = {
  en: [
    'Quarterly report draft',
    'Invoice #2024-031 overdue',
    'Lunch next Thursday?',
    'Contract renewal for 2025',
    'Meeting notes from the kickoff',
    'Shipping update for order 88213',
    'Question about the API limits',
    'Welcome to the team!',
    'Your weekly summary',
    'Proposal: new pricing tiers'
  ],
  id: [
    'Laporan keuangan kuartal III',
    'Jadwal rapat minggu depan',
    'Penawaran harga untuk proyek Bandung',
    'Konfirmasi pembayaran invoice',
    'Undangan buka puasa bersama',
    'Revisi kontrak kerja sama',
    'Pesanan Anda telah dikirim',
    'Permohonan cuti tahunan'
  ],
  zh: [
    '关于下周会议的安排',
    '本月报价单，请查收',
    '合同草案第二版',
    '发票已开具',
    '春节放假通知',
    '项目进度汇报',
    '样品寄送确认',
    '新产品目录'
  ],
  fr: ['Réunion à Genève : ordre du jour', 'Facture impayée — relance', 'Déjeuner d’équipe vendredi'],
  de: ['Angebot für das Frühjahr', 'Rückfrage zur Bestellung Nr. 4711', 'Protokoll der Sitzung vom Dienstag'],
  es: ['Presupuesto para el diseño', 'Reunión del lunes — cambios', 'Factura de marzo']
}

export const SENTENCES: Record<Lang, string[]> = {
  en: [
    'Thanks for getting back to me so quickly.',
    'Please find the latest numbers below.',
    'Could you take a look before Friday?',
    'I have attached the revised version with your comments addressed.',
    'Let me know if the timeline works for your team.',
    'We can also jump on a call if that is easier.',
    'The client asked whether we could move the deadline by a week.',
    'I think we are almost there, just a few details left.',
    'Sorry for the late reply, I was travelling last week.',
    'Happy to help with anything else you need.'
  ],
  id: [
    'Terima kasih atas balasan Bapak/Ibu.',
    'Mohon dicek kembali lampiran yang saya kirimkan.',
    'Apakah jadwal hari Kamis pukul 10.00 WIB bisa?',
    'Kami sudah melakukan pembayaran melalui transfer bank.',
    'Untuk detailnya, silakan lihat dokumen terlampir.',
    'Mohon maaf atas keterlambatan balasan ini.',
    'Saya akan berada di Jakarta sampai hari Jumat.',
    'Jika ada pertanyaan, jangan ragu untuk menghubungi saya.',
    'Harga tersebut sudah termasuk PPN 11%.',
    'Semoga sehat selalu dan sukses untuk proyeknya.'
  ],
  zh: [
    '您好，感谢您的及时回复。',
    '附件是最新的版本，请查收。',
    '我们下周二上午十点开会可以吗？',
    '价格已经包含运费和税费。',
    '如有任何问题，请随时与我联系。',
    '不好意思，回复晚了。',
    '样品已经通过顺丰寄出，单号稍后发给您。',
    '请确认合同条款后签字盖章。',
    '祝您工作顺利！',
    '我们团队会在周五之前完成修改。'
  ],
  fr: [
    'Merci pour votre réponse rapide.',
    'Vous trouverez ci-joint la version révisée.',
    'Pourriez-vous confirmer votre présence à la réunion ?',
    'Je reste à votre disposition pour toute question.'
  ],
  de: [
    'Vielen Dank für Ihre schnelle Rückmeldung.',
    'Anbei finden Sie das überarbeitete Angebot.',
    'Könnten Sie mir bis Freitag Bescheid geben?',
    'Für Rückfragen stehe ich gern zur Verfügung.'
  ],
  es: [
    'Gracias por tu respuesta tan rápida.',
    'Adjunto la versión revisada del documento.',
    '¿Podemos vernos el martes por la mañana?',
    'Quedo atento a tus comentarios.'
  ]
}

export const GREETING: Record<Lang, (n: string) => string> = {
  en: (n) => `Hi ${n},`,
  id: (n) => `Halo ${n},`,
  zh: (n) => `${n}，您好：`,
  fr: (n) => `Bonjour ${n},`,
  de: (n) => `Hallo ${n},`,
  es: (n) => `Hola ${n}:`
}

export const SIGNOFF: Record<Lang, string> = {
  en: 'Best regards,',
  id: 'Salam hangat,',
  zh: '此致\n敬礼',
  fr: 'Cordialement,',
  de: 'Viele Grüße',
  es: 'Un saludo,'
}

export const QUOTE_INTRO: Record<Lang, (d: string, n: string) => string> = {
  en: (d, n) => `On ${d}, ${n} wrote:`,
  id: (d, n) => `Pada ${d}, ${n} menulis:`,
  zh: (d, n) => `在 ${d}，${n} 写道：`,
  fr: (d, n) => `Le ${d}, ${n} a écrit :`,
  de: (d, n) => `Am ${d} schrieb ${n}:`,
  es: (d, n) => `El ${d}, ${n} escribió:`
}

// Localized reply prefixes, as real clients write them (including stacked ones).
export const REPLY_PREFIX: Record<Lang, string[]> = {
  en: ['Re: ', 'Re: ', 'RE: '],
  id: ['Balas: ', 'Re: ', 'Re: '],
  zh: ['回复: ', '回复：', 'Re: '],
  fr: ['RE: ', 'Re : '],
  de: ['AW: ', 'AW: ', 'Re: '],
  es: ['RE: ', 'Re: ']
}
export const FORWARD_PREFIX: Record<Lang, string> = {
  en: 'Fwd: ',
  id: 'Fwd: ',
  zh: '转发: ',
  fr: 'TR: ',
  de: 'WG: ',
  es: 'RV: '
}

export interface AttachmentSpec {
  filename: string
  kind: 'pdf' | 'png' | 'csv'
}
export const ATTACHMENTS: AttachmentSpec[] = [
  { filename: 'Invoice-2024-031.pdf', kind: 'pdf' },
  { filename: 'Laporan Keuangan Q3 2024.pdf', kind: 'pdf' },
  { filename: '报价单.pdf', kind: 'pdf' },
  { filename: '合同草案 v2.pdf', kind: 'pdf' },
  { filename: 'Résumé — Zoë Müller.pdf', kind: 'pdf' },
  { filename: 'screenshot 2024-05-14 at 10.22.31.png', kind: 'png' },
  { filename: 'foto_kantor.png', kind: 'png' },
  { filename: '产品图片.png', kind: 'png' },
  { filename: 'data-export.csv', kind: 'csv' },
  { filename: 'daftar_harga.csv', kind: 'csv' }
]
