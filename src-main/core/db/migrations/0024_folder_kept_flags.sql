-- The flags a folder keeps for this mailbox (its PERMANENTFLAGS, as JSON), as last seen when
-- Rapport selected it to change flags; '[]' for a folder the server opened read-only; NULL until
-- then (every flag kept). Mark-read-on-open and \Answered-on-reply skip what a folder is known
-- not to keep, instead of failing the same change each time a thread there is opened.
ALTER TABLE folders ADD COLUMN kept_flags_json TEXT;
