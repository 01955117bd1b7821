-- Search in date order. A common word matches tens of thousands of messages; with the indexes
-- keyed by messages.id, finding the newest 50 meant listing and sorting all of them by date.
-- Keyed by date instead, newest first, FTS5 reads a doclist in rowid order and stops after the
-- page (ORDER BY rowid LIMIT n), so a common word costs about what a rare one does.
--
-- key = (2^40 - 1 - date in seconds, clamped to 0 .. 2^40 - 1) * 2^16 + (2^16 - 1 - messages.id
-- mod 2^16): the newest message has the smallest key; messages of the same second follow by id,
-- larger first. Two messages of the same second whose ids are equal mod 2^16 cannot share a key;
-- the indexer gives the second a free key just below (core/search/message-index.ts). Keys never
-- change: a message's date does not.
CREATE TABLE message_search_keys (
  key INTEGER PRIMARY KEY,
  message_pk INTEGER NOT NULL UNIQUE
) STRICT;

-- messages_fts (0001) and message_trigrams (0003) are now keyed by message_search_keys.key.
DROP TRIGGER messages_search_delete;
CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN
  DELETE FROM messages_fts WHERE rowid = (SELECT key FROM message_search_keys WHERE message_pk = old.id);
  DELETE FROM message_trigrams WHERE rowid = (SELECT key FROM message_search_keys WHERE message_pk = old.id);
  DELETE FROM message_search_keys WHERE message_pk = old.id;
END;

-- Entries keyed by messages.id mean nothing under the new keys. Text for the indexes is chosen in
-- TypeScript (search-text.ts), so the rebuild is search-reindex.ts's: SEARCH_INDEX_VERSION 2
-- makes every workspace rebuild once, when it is opened after this migration.
INSERT INTO messages_fts (messages_fts) VALUES ('delete-all');
INSERT INTO message_trigrams (message_trigrams) VALUES ('delete-all');
DELETE FROM settings WHERE key = 'search_index_version';
