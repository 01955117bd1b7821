-- Messages a sync pass fetched but could not store (a bug, a store constraint the message trips):
-- the rest of the folder is stored past them instead of every pass failing at the same UID, and
-- each later pass tries these again. The sync status counts them, so none is missing silently.
CREATE TABLE import_failures (
  folder_id INTEGER NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
  uid_validity INTEGER NOT NULL,
  uid INTEGER NOT NULL,
  error TEXT NOT NULL,
  failed_at INTEGER NOT NULL,
  PRIMARY KEY (folder_id, uid_validity, uid)
) STRICT;
