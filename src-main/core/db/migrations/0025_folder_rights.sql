-- This mailbox's rights in a folder (RFC 4314 MYRIGHTS letters, e.g. 'lrs'), asked when folders
-- are listed on a server with the ACL extension; NULL when not known (every action allowed, the
-- server decides). A shared folder this mailbox may only read is then known before the first
-- change the server refuses: no mark read on open, no move into it or out of it.
ALTER TABLE folders ADD COLUMN my_rights TEXT;
