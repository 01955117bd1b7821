// "Quote the message" in the reply box: whether the message answered goes below the reply when it
// is sent (the core quotes it; the box itself stays clean). One choice per workspace, on by default.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMutation } from '../../api/use-mutation'
import { useQuery } from '../../api/use-query'

/** The workspace's choice, shown at once when changed here, before the core has answered. */
export function useQuoteReplies(): { quote: boolean; setQuote: (quote: boolean) => void } {
  const stored = useQuery('outbox.quoteReplies', {}, ['settings'])
  const save = useMutation('outbox.setQuoteReplies')
  const [chosen, setChosen] = useState<boolean | null>(null)
  const saved = stored.data?.quote
  // Once the stored choice says what was chosen here, it speaks again (for another window's too).
  useEffect(() => {
    if (saved === chosen) setChosen(null)
  }, [saved, chosen])
  return {
    quote: chosen ?? saved ?? true,
    setQuote: (quote) => {
      setChosen(quote)
      void save.run({ quote })
    }
  }
}

type Props = { id: string; quote: boolean; onChange: (quote: boolean) => void; disabled: boolean }

export function QuoteToggle({ id, quote, onChange, disabled }: Props) {
  const { t } = useTranslation()
  return (
    <label className="reply-box__quote" htmlFor={id} title={t('composer.quoteHint')}>
      <input
        id={id}
        type="checkbox"
        checked={quote}
        disabled={disabled}
        data-testid="reply-quote"
        onChange={(event) => onChange(event.target.checked)}
      />
      {t('composer.quote')}
    </label>
  )
}
