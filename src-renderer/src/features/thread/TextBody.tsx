import { Fragment, useMemo, useState } from 'react'
import { MarkedText } from '../search/MarkedText'
import { useTextFindMarks, type FindMarks } from '../search/use-find-marks'
import { composeIfMailto } from '../composer/mailto-compose'
import { linkify } from './linkify'
import { QuoteToggle } from './QuoteToggle'
import { trailingQuoteStart } from './text-quote'

/** Text from `offset` of the body, links made links, find matches marked. */
function LinkedText({ text, offset, find }: { text: string; offset: number; find: FindMarks }) {
  const parts = useMemo(() => linkify(text), [text])
  let at = offset
  return parts.map((part, index) => {
    const marked = <MarkedText text={part.text} offset={at} {...find} />
    at += part.text.length
    return part.kind === 'link' ? (
      <a
        key={index}
        href={part.href}
        target="_blank"
        rel="noopener noreferrer"
        onClick={(event) => composeIfMailto(event, part.href)}
      >
        {marked}
      </a>
    ) : (
      <Fragment key={index}>{marked}</Fragment>
    )
  })
}

/**
 * A plain-text body, shown as text with wrapping; links open outside the app, but an address
 * opens New message. Find matches are marked. The earlier conversation quoted at its end is
 * folded until "Show quoted text", or until a find match is in it; a forward (`subject`) is not.
 */
export function TextBody({ text, subject, messageId }: { text: string; subject: string; messageId: number }) {
  const quoteStart = useMemo(() => trailingQuoteStart(text, subject), [text, subject])
  const find = useTextFindMarks(messageId, text)
  const [quoteOpen, setQuoteOpen] = useState(false)
  const quoteShown = quoteOpen || (quoteStart !== null && find.ranges.some(([, end]) => end > quoteStart))
  const quoteId = `message-${messageId}-quote`
  if (quoteStart === null) {
    return (
      <pre className="text-body">
        <LinkedText text={text} offset={0} find={find} />
      </pre>
    )
  }
  return (
    <>
      <pre className="text-body">
        <LinkedText text={text.slice(0, quoteStart)} offset={0} find={find} />
        {quoteShown ? (
          <span id={quoteId} data-testid="quoted-text">
            <LinkedText text={text.slice(quoteStart)} offset={quoteStart} find={find} />
          </span>
        ) : null}
      </pre>
      <QuoteToggle expanded={quoteShown} onToggle={() => setQuoteOpen(!quoteShown)} controls={quoteId} />
    </>
  )
}
