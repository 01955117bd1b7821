// The document the sandboxed iframe shows. Its meta CSP is the second lock after the sandbox:
// nothing may load except inline styles and data:/cid: images (plus http(s) images once the
// user allowed them). <base target="_blank"> makes every link open outside the frame;
// it has no href, which the app's `base-uri 'none'` (inherited by srcdoc) would refuse.
import { QUOTE_ATTR } from './html-quote'
import { BLOCKED_SRC_ATTR, type SanitizedMail } from './sanitize-mail-html'

function contentSecurityPolicy(allowRemoteImages: boolean): string {
  const images = allowRemoteImages ? 'data: cid: https: http:' : 'data: cid:'
  return `default-src 'none'; style-src 'unsafe-inline'; img-src ${images}; font-src data:`
}

// Readable defaults for mail that brings no styling of its own, in light and dark. No kerning,
// as in the app (theme.css): a word of 64k letters took Chromium 12 s to break into lines here.
const BASE_STYLE = `
  :root { color-scheme: light; }
  html, body { margin: 0; padding: 0; }
  body { padding: 4px 2px; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans",
    "PingFang SC", "Microsoft YaHei", sans-serif; color: #1d2129; background: #ffffff;
    overflow-wrap: anywhere; font-kerning: none; }
  img { max-width: 100%; height: auto; }
  img[${BLOCKED_SRC_ATTR}] { display: inline-block; min-width: 16px; min-height: 16px;
    background: #eef0f3; outline: 1px dashed #c5cad3; }
  table { max-width: 100%; }
  pre { white-space: pre-wrap; }
  blockquote { margin: 0 0 0 4px; padding-left: 10px; border-left: 3px solid #d0d5dd; color: #505866; }
  a { color: #2563eb; }
`

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

// The folded quote (html-quote.ts). After the mail's stylesheets, and more specific than the
// element and class rules mail uses, so the mail's own CSS does not show it again.
const FOLDED_QUOTE_STYLE = `<style>body [${QUOTE_ATTR}][${QUOTE_ATTR}] { display: none !important; }</style>`

export function buildMailSrcdoc(
  mail: Pick<SanitizedMail, 'styles' | 'bodyStyle' | 'body'>,
  allowRemoteImages: boolean,
  quoteFolded = false
): string {
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(allowRemoteImages)}">`,
    '<base target="_blank">',
    // Once images are allowed, their servers should not learn where the mail was read.
    '<meta name="referrer" content="no-referrer">',
    // Mail is designed for a white page; forcing light keeps its colours legible in dark mode.
    '<meta name="color-scheme" content="light">',
    `<style>${BASE_STYLE}</style>`,
    mail.styles,
    quoteFolded ? FOLDED_QUOTE_STYLE : '',
    '</head>',
    // dir=auto: a mail that sets no direction (most) reads in the direction of its text, so
    // Hebrew and Arabic mail is laid out right to left.
    mail.bodyStyle ? `<body dir="auto" style="${escapeAttribute(mail.bodyStyle)}">` : '<body dir="auto">',
    mail.body,
    '</body></html>'
  ].join('')
}
