// A deleted lead is on no stage the user can see or change: it must not keep a stage in the pipeline.
import { describe, expect, it } from 'vitest'
import { crmWorkspace } from './fixtures/crm-workspace'

describe('a stage only deleted leads were on', () => {
  it('can be left out of the pipeline', () => {
    const ws = crmWorkspace()
    ws.crm.leads.setStages(['New', 'Qualified', 'Won'])
    const lead = ws.crm.leads.create({ title: 'Old deal', stage: 'Qualified' }, null)
    ws.crm.leads.remove(lead.id, null)
    expect(ws.crm.leads.list({ stage: 'Qualified' })).toEqual([])
    expect(ws.crm.leads.setStages(['New', 'Won'])).toEqual(['New', 'Won'])
  })
})
