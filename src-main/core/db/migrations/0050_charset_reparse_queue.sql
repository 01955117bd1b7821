-- Mail stored before HTML with no MIME charset was read in the charset its <meta> declares
-- (message-parser.ts, html-charset-relabel.ts) holds U+FFFD where its GB2312, Big5 or Shift_JIS
-- bytes were, or the escapes of 7-bit ISO-2022-JP; no raw source is kept, so only the server's
-- copy can repair it. Queued here once, by a cheap test over the stored HTML: damage, and the word
-- "charset" somewhere. The precise test (mayNeedHtmlCharset) runs when a pass takes a row
-- (sync/charset-repair.ts), which fetches the message again and stores the new reading. Drafts are
-- not queued: a copy found elsewhere is stored afresh as mail, by the parser of today.
CREATE TABLE reparse_queue (
  message_pk INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE
) STRICT;

INSERT INTO reparse_queue (message_pk)
SELECT id FROM messages
WHERE is_draft = 0
  AND body_html IS NOT NULL
  AND (instr(body_html, char(65533)) > 0 OR instr(body_html, char(27)) > 0)
  AND body_html LIKE '%charset%';
