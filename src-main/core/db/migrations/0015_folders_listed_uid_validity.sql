-- A folder's UIDVALIDITY as the server's listing last gave it (LIST-STATUS, RFC 5819), also for
-- folders never synced, which have no uid_validity of their own. A rename is recognised by this
-- value, so a folder renamed on the server before its first sync keeps the user's sync choice.
ALTER TABLE folders ADD COLUMN listed_uid_validity INTEGER;
