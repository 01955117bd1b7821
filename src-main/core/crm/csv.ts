import { CoreError } from '../errors'

/**
 * RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. A quote opens a
 * quoted field only as its first character; anywhere else (`Acme 5" Displays`) it is an ordinary
 * character, as spreadsheets read it, so one stray quote cannot swallow the rest of the file.
 * The delimiter is the one the header line uses, unless given. The ' that toCsv puts before a
 * formula is taken off again.
 */
export function parseCsv(text: string, delimiter = sniffDelimiter(text)): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let fieldStart = 0
  let quoted = false
  let quoteStart = 0
  const input = text.replace(/^\uFEFF/, '')
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!
    if (quoted) {
      if (ch === '"' && input[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"' && i === fieldStart) {
      quoted = true
      quoteStart = i
    } else if (ch === delimiter) {
      row.push(unguard(field))
      field = ''
      fieldStart = i + 1
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && input[i + 1] === '\n') i++
      row.push(unguard(field))
      rows.push(row)
      row = []
      field = ''
      fieldStart = i + 1
    } else field += ch
  }
  if (quoted) {
    const line = input.slice(0, quoteStart).split(/\r\n|\r|\n/).length
    throw new CoreError(
      'INVALID_INPUT',
      `The CSV file ends inside a quoted field opened on line ${line}: a closing quote (") is missing there.`
    )
  }
  if (field !== '' || row.length > 0) {
    row.push(unguard(field))
    rows.push(row)
  }
  // Blank lines stay, as rows of empty cells, so that row numbers are a spreadsheet's.
  return rows
}

/**
 * Excel writes `;` where the decimal separator is a comma (most of Europe) and some tools write
 * tabs: the header line's most frequent of the three, outside quotes, wins (ties go to `,`).
 */
function sniffDelimiter(text: string): string {
  const header = (text.split(/\r|\n/, 1)[0] ?? '').replace(/"[^"]*"/g, '')
  const count = (d: string) => header.split(d).length
  return [';', '\t'].reduce((best, d) => (count(d) > count(best) ? d : best), ',')
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or CR before one) as a formula,
 * quoted or not, and names and companies come from incoming mail. So, as OWASP advises for CSV
 * injection, such a cell is written with a ' first, which makes it text. parseCsv takes exactly
 * one ' off a cell that starts like that, so a phone number such as +62… comes back as it was;
 * a value that itself starts with ' and then one of those gets one more ' for the same reason.
 */
const FORMULA = /^'*[=+\-@\t\r]/
const GUARDED = /^'+[=+\-@\t\r]/
/**
 * A spreadsheet whose list separator is ";" (Excel in most of Europe) or a tab splits a cell at
 * it, quotes or not, since the quote is then not at the start of its field: what follows a ";"
 * or a tab inside a cell would start a cell of its own. It gets the same ' (one more when it
 * already starts with ' and a formula character), and parseCsv takes exactly one off again.
 */
const INNER_FORMULA = /([;\t])(?='*[=+\-@\t\r])/g
const INNER_GUARDED = /([;\t])'(?='*[=+\-@\t\r])/g
const unguard = (v: string) => (GUARDED.test(v) ? v.slice(1) : v).replace(INNER_GUARDED, '$1')

export function toCsv(rows: string[][]): string {
  const cell = (value: string) => {
    const inner = value.replace(INNER_FORMULA, "$1'")
    const v = FORMULA.test(inner) ? `'${inner}` : inner
    return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v
  }
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'
}
