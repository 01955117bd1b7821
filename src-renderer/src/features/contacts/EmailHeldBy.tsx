// An address typed into the emails field that another contact has already: which contact, and
// one click to merge that contact into this one, the typed list then saved with its addresses.
import { useTranslation } from 'react-i18next'
import type { ApiError } from '../../../../src-preload/contract'
import { useMutation } from '../../api/use-mutation'
import { useQuery } from '../../api/use-query'
import { SaveError } from '../../components/SaveError'
import { contactName, splitList, withAddresses } from './contact-edit'
import { MergeError } from './MergeError'

type Props = {
  contactId: string
  /** The refusal: ALREADY_EXISTS with the contact holding the address in `heldBy`. */
  error: ApiError & { heldBy: string }
  draft: string
  saveAgain: (value: string) => void
}

export function EmailHeldBy({ contactId, error, draft, saveAgain }: Props) {
  const { t } = useTranslation()
  // Still shown after the merge, when the holder is gone: useQuery keeps its data on NOT_FOUND.
  const holder = useQuery('contacts.get', { contactId: error.heldBy }, ['contacts'])
  const merge = useMutation('contacts.merge')
  const other = holder.data
  if (!other) return holder.error ? <SaveError error={error} /> : null
  const typed = new Set(splitList(draft).map((address) => address.toLowerCase()))
  const address = other.emails.find((e) => typed.has(e)) ?? other.emails[0] ?? ''
  const name = contactName(other)
  const mergeIn = async () => {
    const response = await merge.run({ survivorId: contactId, mergedId: other.id })
    // Saved as typed, with the merged contact's other addresses, which the merge brought here:
    // saved as typed alone, they would be dropped again.
    if (response.ok) saveAgain(withAddresses(draft, other.emails))
  }
  return (
    <div className="email-held-by" data-testid="email-held-by">
      <span className="field__error" role="alert">
        {t('crm.contact.emailHeldBy', { address, name })}
      </span>
      <button
        type="button"
        className="button button--small"
        disabled={merge.pending}
        data-testid="email-held-by-merge"
        onClick={() => void mergeIn()}
      >
        {t('crm.contact.mergeOther', { name })}
      </button>
      <MergeError error={merge.error} testId="email-held-by-error" />
    </div>
  )
}
