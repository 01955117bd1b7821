-- Comments are indexed as mail is (core/search/search-text.ts): widths folded (Ｉｎｖｏｉｃｅ is
-- invoice) and, for the word index, a space where scripts switch, so the iPhone of
-- "您购买的iPhone手机" is a word. The triggers of 0007 call the SQL functions that do it
-- (search-text-sql.ts, registered by openDatabase). Comments indexed before are re-indexed by
-- the search index rebuild SEARCH_INDEX_VERSION 5 brings, not here.

DROP TRIGGER comments_search_insert;
DROP TRIGGER comments_search_update;

CREATE TRIGGER comments_search_insert AFTER INSERT ON comments BEGIN
  INSERT OR IGNORE INTO comment_search_keys (comment_id) VALUES (new.id);
  INSERT INTO comments_fts (rowid, body)
    SELECT key, search_word_text(new.body) FROM comment_search_keys WHERE comment_id = new.id AND new.deleted = 0;
  INSERT INTO comment_trigrams (rowid, body)
    SELECT key, search_width_folded(new.body) FROM comment_search_keys WHERE comment_id = new.id AND new.deleted = 0;
END;

-- An edit or a tombstone (deleted = 1, which workspace import also writes) replaces the entry.
CREATE TRIGGER comments_search_update AFTER UPDATE OF body, deleted ON comments BEGIN
  INSERT OR IGNORE INTO comment_search_keys (comment_id) VALUES (new.id);
  DELETE FROM comments_fts WHERE rowid = (SELECT key FROM comment_search_keys WHERE comment_id = new.id);
  DELETE FROM comment_trigrams WHERE rowid = (SELECT key FROM comment_search_keys WHERE comment_id = new.id);
  INSERT INTO comments_fts (rowid, body)
    SELECT key, search_word_text(new.body) FROM comment_search_keys WHERE comment_id = new.id AND new.deleted = 0;
  INSERT INTO comment_trigrams (rowid, body)
    SELECT key, search_width_folded(new.body) FROM comment_search_keys WHERE comment_id = new.id AND new.deleted = 0;
END;
