import { useMemo } from 'react'
import { linkify } from './linkify'

/** A plain-text body, shown as text with wrapping; links open outside the app. */
export function TextBody({ text }: { text: string }) {
  const parts = useMemo(() => linkify(text), [text])
  return (
    <pre className="text-body">
      {parts.map((part, index) =>
        part.kind === 'link' ? (
          <a key={index} href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        ) : (
          part.text
        )
      )}
    </pre>
  )
}
