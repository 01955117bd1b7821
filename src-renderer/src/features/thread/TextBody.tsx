import { Fragment, useMemo } from 'react'
import { MarkedText } from '../search/MarkedText'
import { useTextFindMarks } from '../search/use-find-marks'
import { composeIfMailto } from '../composer/mailto-compose'
import { linkify } from './linkify'

/**
 * A plain-text body, shown as text with wrapping; links open outside the app, but an address
 * opens New message. Find matches are marked.
 */
export function TextBody({ text, messageId }: { text: string; messageId: number }) {
  const parts = useMemo(() => linkify(text), [text])
  const find = useTextFindMarks(messageId, text)
  let offset = 0
  return (
    <pre className="text-body">
      {parts.map((part, index) => {
        const marked = <MarkedText text={part.text} offset={offset} {...find} />
        offset += part.text.length
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
      })}
    </pre>
  )
}
