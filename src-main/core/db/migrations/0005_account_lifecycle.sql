-- Account lifecycle (issue 3): "sync older mail" backfill, trash retention, poll interval.
-- accounts.is_shared and accounts.state = 'archived' already exist since 0001.

-- How often the synced folders other than INBOX are polled; NULL means the default (2 minutes).
ALTER TABLE accounts ADD COLUMN poll_interval_seconds INTEGER;

-- A "sync older mail" backfill per folder. Its cursor is folders.lowest_synced_uid, committed in
-- the same transaction as each batch; this row keeps whether it should run, across restarts.
CREATE TABLE folder_backfills (
  folder_id INTEGER PRIMARY KEY REFERENCES folders (id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK (state IN ('running', 'paused', 'done')),
  -- Messages stored for the folder, and how many the server holds (for progress).
  done INTEGER NOT NULL DEFAULT 0,
  total INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
) STRICT;

-- Mail in Trash: when it got there (deleted in Rapport, or first seen there) and where it came
-- from, so it can be restored until it is purged locally after the retention period.
CREATE TABLE trash_entries (
  message_pk INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
  origin_folder_id INTEGER REFERENCES folders (id) ON DELETE SET NULL,
  trashed_at INTEGER NOT NULL
) STRICT;
CREATE INDEX trash_entries_by_time ON trash_entries (trashed_at);

-- Trash mail purged locally while the server still keeps it: its UIDs are never imported again.
CREATE TABLE trash_purged (
  folder_id INTEGER NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
  uid_validity INTEGER NOT NULL,
  uid INTEGER NOT NULL,
  PRIMARY KEY (folder_id, uid_validity, uid)
) STRICT, WITHOUT ROWID;
