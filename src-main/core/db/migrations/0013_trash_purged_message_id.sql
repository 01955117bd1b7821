-- A purge tombstone also keeps the Message-ID: when the server renumbers the folder (a new
-- UIDVALIDITY), the old UIDs mean nothing and the mail is found again by Message-ID, so it
-- stays purged instead of coming back. Tombstones from before this have none.
ALTER TABLE trash_purged ADD COLUMN message_id TEXT;
