// Without allow-same-origin (and it must stay off) the parent cannot measure the iframe's
// content, and the content cannot run a script to report it. So the frame's height is an
// estimate from the sanitized document's text, blocks and images at the current width; the
// frame is user-resizable and scrolls inside when the estimate falls short.
import type { MailLayoutMetrics } from './sanitize-mail-html'

const LINE_HEIGHT = 21
const AVERAGE_CHAR_WIDTH = 7.2
const MIN_HEIGHT = 96
const MAX_HEIGHT = 2400
// Paragraph margins (about 1em between blocks) and a little slack: a frame a bit too tall
// shows some white space, a frame too short hides the end of the mail behind a scrollbar.
const BLOCK_MARGIN = 14
const SLACK = 1.15

export function estimateMailHeight(metrics: MailLayoutMetrics, width: number): number {
  const charsPerLine = Math.max(20, Math.floor(Math.max(width, 200) / AVERAGE_CHAR_WIDTH))
  const textLines = Math.ceil(metrics.textLength / charsPerLine)
  // Block boundaries add a line each at most; short paragraphs are mostly a line of their own.
  const lines = Math.max(textLines, Math.min(metrics.breaks, textLines + metrics.breaks * 0.6))
  const height = (24 + lines * LINE_HEIGHT + metrics.breaks * BLOCK_MARGIN + metrics.imageHeight) * SLACK
  return Math.round(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, height)))
}
