import { DEFAULT_LEAD_STAGES } from '../../../src-preload/contract/crm-shapes'
import type { CrmServices } from '../crm/crm-services'
import { sampleOwner } from './sample-mailbox'

/**
 * Makes the demo mailbox look like a team's CRM inbox: two teammates in two teams, some
 * conversations assigned, one closed, one snoozed, an internal comment with a mention, tags, a
 * custom field and a lead. Runs after the mail is stored, so every conversation exists.
 */
export function seedSampleCrm(crm: CrmServices): void {
  crm.people.adoptAccount(sampleOwner.address, sampleOwner.name)
  const me = crm.people.localId
  const rina = crm.people.add({ name: 'Rina Wijaya', email: 'rina@rapport.example', role: 'agent' })
  const tom = crm.people.add({ name: 'Tom Becker', email: 'tom@rapport.example', role: 'agent' })
  const sales = crm.people.addTeam('Sales', [me, rina.id])
  const support = crm.people.addTeam('Support', [tom.id])
  crm.leads.setStages([...DEFAULT_LEAD_STAGES])

  const conversationOf = (address: string) => {
    const contact = crm.contacts.byEmail(address)
    const row = contact
      ? crm.list
          .list({ inbox: 'all', status: 'all', unreplied: false, sort: 'newest', limit: 50 }, crm.me())
          .find((c) => c.contactId === contact.id)
      : undefined
    return { contact, id: row?.id }
  }

  const carlos = conversationOf('carlos@mendes-trading.com.br')
  if (carlos.id) crm.conversations.assign(carlos.id, { memberId: rina.id, teamId: sales.id })
  if (carlos.id)
    crm.comments.add(
      carlos.id,
      me,
      '@rina@rapport.example can you confirm the volume discount before Friday?'
    )
  if (carlos.contact) {
    crm.contacts.update(carlos.contact.id, { tags: ['wholesale', 'brazil'], company: 'Mendes Trading' }, me)
    crm.leads.create(
      {
        title: '500 units for Mendes Trading',
        stage: 'Proposal',
        value: 12500,
        contactIds: [carlos.contact.id]
      },
      me
    )
  }
  const carter = conversationOf('carter@blake-logistics.com')
  if (carter.id) crm.conversations.assign(carter.id, { memberId: tom.id, teamId: support.id })
  const jonas = conversationOf('jonas@berg.se')
  if (jonas.id) crm.conversations.close(jonas.id)
  const amelie = conversationOf('amelie@durand.fr')
  if (amelie.id) crm.conversations.snooze(amelie.id, { preset: 'tomorrow' })
  const priya = conversationOf('priya@loomworks.in')
  if (priya.contact) {
    crm.contacts.defineField({ key: 'renewal_date', label: 'Renewal date', type: 'date' })
    crm.contacts.update(
      priya.contact.id,
      { customFields: { renewal_date: '2027-01-31' }, country: 'India' },
      me
    )
  }
}
