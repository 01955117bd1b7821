-- Search over internal comments, like messages: a word index (unicode61) and a substring index
-- (trigram, for Chinese, emoji and parts of addresses), kept current by triggers in the writer's
-- transaction; core/search/comment-search.ts queries them, search.reindex rebuilds them.

-- comments has a text key and its implicit rowid may change on VACUUM: key the index by a
-- stable integer of our own, as contact_search_keys does.
CREATE TABLE comment_search_keys (
  key INTEGER PRIMARY KEY,
  comment_id TEXT NOT NULL UNIQUE REFERENCES comments (id) ON DELETE CASCADE
) STRICT;

CREATE VIRTUAL TABLE comments_fts USING fts5 (
  body,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);

-- Comments are short, so the whole body goes into the trigram index (mail indexes only the
-- lines in unspaced scripts).
CREATE VIRTUAL TABLE comment_trigrams USING fts5 (
  body,
  content = '',
  contentless_delete = 1,
  tokenize = 'trigram remove_diacritics 1'
);

CREATE TRIGGER comments_search_insert AFTER INSERT ON comments BEGIN
  INSERT OR IGNORE INTO comment_search_keys (comment_id) VALUES (new.id);
  INSERT INTO comments_fts (rowid, body)
    SELECT key, new.body FROM comment_search_keys WHERE comment_id = new.id AND new.deleted = 0;
  INSERT INTO comment_trigrams (rowid, body)
    SELECT key, new.body FROM comment_search_keys WHERE comment_id = new.id AND new.deleted = 0;
END;

-- An edit or a tombstone (deleted = 1, which workspace import also writes) replaces the entry.
CREATE TRIGGER comments_search_update AFTER UPDATE OF body, deleted ON comments BEGIN
  INSERT OR IGNORE INTO comment_search_keys (comment_id) VALUES (new.id);
  DELETE FROM comments_fts WHERE rowid = (SELECT key FROM comment_search_keys WHERE comment_id = new.id);
  DELETE FROM comment_trigrams WHERE rowid = (SELECT key FROM comment_search_keys WHERE comment_id = new.id);
  INSERT INTO comments_fts (rowid, body)
    SELECT key, new.body FROM comment_search_keys WHERE comment_id = new.id AND new.deleted = 0;
  INSERT INTO comment_trigrams (rowid, body)
    SELECT key, new.body FROM comment_search_keys WHERE comment_id = new.id AND new.deleted = 0;
END;

CREATE TRIGGER comment_search_keys_delete AFTER DELETE ON comment_search_keys BEGIN
  DELETE FROM comments_fts WHERE rowid = old.key;
  DELETE FROM comment_trigrams WHERE rowid = old.key;
END;

-- Comments that exist already.
INSERT INTO comment_search_keys (comment_id) SELECT id FROM comments;
INSERT INTO comments_fts (rowid, body)
  SELECT k.key, c.body FROM comments c JOIN comment_search_keys k ON k.comment_id = c.id WHERE c.deleted = 0;
INSERT INTO comment_trigrams (rowid, body)
  SELECT k.key, c.body FROM comments c JOIN comment_search_keys k ON k.comment_id = c.id WHERE c.deleted = 0;
