// CSV export read by a spreadsheet whose list separator is ";" (Excel in most of Europe, which
// README says Rapport's import sniffs for): a cell holding ";" must not split into a new cell
// that starts with a formula. Names come from the From header of incoming mail.
import { describe, expect, it } from 'vitest'
import { parseCsv, toCsv } from '../../src-main/core/crm/csv'
import { addr, crmWorkspace } from './fixtures/crm-workspace'

const FORMULA_START = /^[=+\-@\t\r]/

/**
 * The cells a spreadsheet makes of the file with this list separator, as it opens it: a quote
 * counts only at the start of a field, and nothing is taken off (Rapport's parseCsv takes off
 * the ' it writes, so it cannot stand in for the spreadsheet here). Splitting inside quoted
 * fields too only makes the check stricter.
 */
const spreadsheetCells = (csv: string, separator: string) =>
  csv.split(/\r\n/).flatMap((line) => line.split(separator))

describe('CSV export opened with another list separator', () => {
  it('leaves no cell starting with a formula when read with ";" as the separator', () => {
    const ws = crmWorkspace()
    ws.receive({ from: addr('mallory@evil.test', 'Mallory;=HYPERLINK("http://evil.test/x")') })
    const csv = ws.crm.io.export('csv')
    const cells = spreadsheetCells(csv, ';')
    expect(cells.filter((cell) => FORMULA_START.test(cell))).toEqual([])
  })

  it('leaves no cell starting with a formula when read with a tab as the separator', () => {
    const ws = crmWorkspace()
    ws.receive({ from: addr('mallory@evil.test', 'Mallory\t=HYPERLINK("http://evil.test/x")') })
    const csv = ws.crm.io.export('csv')
    const cells = spreadsheetCells(csv, '\t')
    expect(cells.filter((cell) => FORMULA_START.test(cell))).toEqual([])
  })
})

describe('CSV export with a formula after ";" or a tab inside a cell', () => {
  it('comes back as it was', () => {
    const values = ['a;=b', "a;'=b", 'x\t+1', 'a\t\t=x', '\t=x', ';=x', 'tag;-5;@c', 'plain;text']
    expect(parseCsv(`h,${toCsv([values])}`)).toEqual([['h', ...values]])
    const ws = crmWorkspace()
    ws.receive({ from: addr('mallory@evil.test', 'Mallory;=HYPERLINK("http://evil.test/x")') })
    const other = crmWorkspace()
    other.crm.io.import('csv', ws.crm.io.export('csv'), null)
    expect(other.crm.contacts.byEmail('mallory@evil.test')).toMatchObject({
      displayName: 'Mallory;=HYPERLINK("http://evil.test/x")'
    })
  })
})
