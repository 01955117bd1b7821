-- Mail stored before charset labels were read as mail programs mean them (WHATWG Encoding:
-- windows-1252 under us-ascii and iso-8859-1, windows-1254 under iso-8859-9, windows-874 under
-- tis-620), before raw 8-bit headers, charset-less 8-bit text and raw 8-bit file names were read
-- in the message's charset, and before a multipart boundary holding 8-bit bytes was found, keeps
-- what the older parser made of it: U+FFFD or C1 control characters (U+0080–U+009F, what strict
-- ISO-8859 makes of windows-1252's quotes, euro sign and dashes) in its subject, sender's or
-- recipients' names or file names, U+FFFD in its text or HTML; or no body and no file at all. No raw source is
-- kept, so it is queued for the repair of 0050 (sync/charset-repair.ts), which reads the server's
-- copy again and keeps the new reading only when it is better (repair-reading.ts). One scan of
-- messages and one of attachments: no index needed, done once. Mail in any script that was read
-- right (Chinese, Thai, Cyrillic) holds neither character and is not queued. Drafts are not (a
-- copy found elsewhere is stored afresh), nor mail that could not be parsed (its raw start is its
-- body). The snippet is made of the text, so the text stands for it.
INSERT OR IGNORE INTO reparse_queue (message_pk)
SELECT id FROM messages
WHERE is_draft = 0
  AND parse_error IS NULL
  AND (
    subject GLOB '*[' || char(128) || '-' || char(159) || char(65533) || ']*'
    OR from_name GLOB '*[' || char(128) || '-' || char(159) || char(65533) || ']*'
    OR to_json GLOB '*[' || char(128) || '-' || char(159) || char(65533) || ']*'
    OR cc_json GLOB '*[' || char(128) || '-' || char(159) || char(65533) || ']*'
    -- A body only ever held U+FFFD (mailparser always read a body's label as WHATWG does), and
    -- instr finds one ten times faster than a GLOB class: ~1 s over 100k messages, not ~10 s.
    OR instr(body_text, char(65533)) > 0
    OR instr(body_html, char(65533)) > 0
    OR (body_text IS NULL AND body_html IS NULL AND has_attachments = 0
      AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.message_pk = messages.id))
    OR id IN (
      SELECT message_pk FROM attachments
      WHERE filename GLOB '*[' || char(128) || '-' || char(159) || char(65533) || ']*'
    )
  );
