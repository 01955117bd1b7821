// An HTML mail body in a sandboxed iframe: no scripts, no same-origin, popups only for links.
// Images the mail carries itself (cid:) show without asking; their bytes are read from Rapport's
// own copy of their parts (use-inline-images.ts).
// Remote images stay blocked until the user allows them for this message or its sender.
// Each link's tooltip says where it really goes (sanitize-mail-html.ts).
// The earlier conversation at the end of a reply is hidden until "Show quoted text" (or a find
// match in it); the frame is rebuilt with it shown, and sized for it.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { InlineImage } from '../../../../src-preload/contract'
import { useUiStore } from '../../store/ui-store'
import { useHtmlFindMarks } from '../search/use-find-marks'
import { estimateMailHeight } from './estimate-mail-height'
import { QuoteToggle } from './QuoteToggle'
import { RemoteImagesBar } from './RemoteImagesBar'
import { buildMailSrcdoc } from './mail-srcdoc'
import { sanitizeMailHtml, type LinkTitle } from './sanitize-mail-html'
import { useInlineImages } from './use-inline-images'

type Props = {
  messageId: number
  /** The message's, which tells a forward (shown whole) from a reply (its quote folded). */
  subject: string
  html: string
  inlineImages: readonly InlineImage[]
  title: string
  /** The sender's address, for "Always show images from …". */
  sender: string | null
  /** The user always shows this sender's remote images. */
  senderAllowed: boolean
}

export function HtmlBody(props: Props) {
  const { messageId, subject, html, inlineImages, title, sender, senderAllowed } = props
  const allowedHere = useUiStore((state) => state.remoteImagesAllowed[messageId] === true)
  const allowed = allowedHere || senderAllowed
  const loadedImages = useInlineImages(inlineImages)
  const { t } = useTranslation()
  const linkTitle = useCallback<LinkTitle>(
    (url, misleading) => (misleading ? t('thread.misleadingLink', { ...misleading, url }) : url),
    [t]
  )
  const sanitized = useMemo(
    () =>
      sanitizeMailHtml(html, {
        allowRemoteImages: allowed,
        inlineImages: loadedImages,
        linkTitle,
        foldQuote: { subject }
      }),
    [html, allowed, loadedImages, linkTitle, subject]
  )
  // Find-in-conversation matches are marked in the document the frame gets (see mark-html.ts).
  const marked = useHtmlFindMarks(messageId, sanitized.body)
  const [quoteOpen, setQuoteOpen] = useState(false)
  const hasQuote = sanitized.foldedMetrics !== null
  const quoteShown = quoteOpen || marked.quoted > 0
  const folded = hasQuote && !quoteShown
  const srcdoc = useMemo(
    () => buildMailSrcdoc({ ...sanitized, body: marked.html }, allowed, folded),
    [sanitized, marked.html, allowed, folded]
  )
  const metrics = folded && sanitized.foldedMetrics ? sanitized.foldedMetrics : sanitized.metrics
  const frameId = `message-${messageId}-frame`
  const frameRef = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(640)

  useEffect(() => {
    const element = frameRef.current
    if (!element) return
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.round(entry.contentRect.width))
    })
    observer.observe(element)
    return () => observer.disconnect()
  }, [])

  return (
    <div className="html-body">
      <RemoteImagesBar
        messageId={messageId}
        sender={sender}
        blocked={sanitized.blockedImages}
        shownForSender={senderAllowed && sanitized.remoteImages > 0}
      />
      {/* Resizable by the user: the height is only an estimate (see estimate-mail-height.ts). */}
      <div
        className="mail-frame"
        ref={frameRef}
        id={frameId}
        style={{ height: estimateMailHeight(metrics, width) }}
      >
        {/* A new frame for each document, never a changed srcdoc: Chromium sometimes keeps the
            first document when srcdoc changes while it is still loading (the images read a
            moment later would then never show). */}
        <iframe
          key={srcdoc}
          title={title}
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          srcDoc={srcdoc}
          referrerPolicy="no-referrer"
          data-testid="message-frame"
        />
      </div>
      {hasQuote ? (
        <QuoteToggle expanded={quoteShown} onToggle={() => setQuoteOpen(!quoteShown)} controls={frameId} />
      ) : null}
    </div>
  )
}
