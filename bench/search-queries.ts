/** One query form: our query, the notmuch query meant to find the same mail (null: no equivalent). */
export type QueryForm = { form: string; ours: string; notmuch: string | null }

// Terms come from the corpus vocabulary (tests/support/corpus-data.ts), so every form has hits.
export const QUERY_FORMS: QueryForm[] = [
  { form: 'word, common', ours: 'invoice', notmuch: 'invoice' },
  { form: 'word, rarer', ours: 'Bandung', notmuch: 'Bandung' },
  { form: 'word prefix', ours: 'pembayar', notmuch: 'pembayar*' },
  { form: 'phrase', ours: '"move the deadline"', notmuch: '"move the deadline"' },
  { form: 'Indonesian phrase', ours: '"melakukan pembayaran"', notmuch: '"melakukan pembayaran"' },
  { form: 'Chinese phrase', ours: '请查收', notmuch: '请查收' },
  { form: 'Chinese word, 2 characters', ours: '发票', notmuch: '发票' },
  { form: 'Chinese, 1 character', ours: '票', notmuch: '票' },
  { form: 'Chinese attachment', ours: '报价单', notmuch: '报价单' },
  { form: 'attachment name', ours: 'foto_kantor', notmuch: 'attachment:foto_kantor.png' },
  { form: 'numbers, any', ours: '88213 4711', notmuch: '88213 OR 4711' },
  { form: 'domain', ours: '@gmail', notmuch: 'from:gmail.com OR to:gmail.com' },
  { form: 'partial address', ours: 'wijaya@gm', notmuch: null },
  { form: 'from:', ours: 'from:budi', notmuch: 'from:budi' },
  { form: 'to:', ours: 'to:fan.yang', notmuch: 'to:fan.yang' },
  { form: 'subject:', ours: 'subject:kontrak', notmuch: 'subject:kontrak' },
  { form: 'has:attachment', ours: 'has:attachment', notmuch: 'tag:attachment' },
  { form: 'in:', ours: 'in:sent', notmuch: 'folder:.Sent' },
  { form: 'is:unread', ours: 'is:unread', notmuch: 'tag:unread' },
  { form: 'is:flagged', ours: 'is:flagged', notmuch: 'tag:flagged' },
  {
    form: 'after: before:',
    ours: 'after:2024-01-01 before:2024-02-01',
    notmuch: 'date:2024-01-01..2024-01-31'
  },
  { form: 'negation', ours: 'invoice -overdue', notmuch: 'invoice AND NOT overdue' },
  {
    form: 'combined',
    ours: 'from:@gmail has:attachment laporan',
    notmuch: 'from:gmail.com AND tag:attachment AND laporan'
  },
  { form: 'contact:', ours: 'contact:budi', notmuch: null }
]
