-- The Outbox and the line under a conversation called every recipient "To", the Bcc ones too:
-- only the SMTP envelope was kept (recipients_json). Which of its addresses were in Cc and which
-- in Bcc, as JSON lists; the others were in To. Rows queued before have '[]': their recipients
-- are listed under To, as before (their message may still name them apart in its headers).
ALTER TABLE outbox ADD COLUMN cc_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE outbox ADD COLUMN bcc_json TEXT NOT NULL DEFAULT '[]';
