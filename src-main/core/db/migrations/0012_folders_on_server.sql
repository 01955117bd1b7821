-- A folder deleted (or renamed) on the server stays here with its mail, but is no longer synced:
-- selecting it would fail and, before this, failed every pass of the account. The user's
-- sync choice is kept, so a folder that comes back is synced again.
ALTER TABLE folders ADD COLUMN on_server INTEGER NOT NULL DEFAULT 1;
