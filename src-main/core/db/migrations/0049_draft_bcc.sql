-- A new message's draft keeps its Cc and Bcc, as the composer now has fields for them: cc_text
-- (migration 0046, until now a reply's own Cc) holds a new message's Cc too, bcc_text its Bcc.
-- Both '' for every draft until now: its To field held every recipient.
ALTER TABLE drafts ADD COLUMN bcc_text TEXT NOT NULL DEFAULT '';
