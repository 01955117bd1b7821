-- Mail an import stored that the search indexes have not taken yet (core/search/search-backlog.ts).
-- An import commits every 25 messages so the core stays responsive, but FTS5 writes a segment per
-- commit and a search key lands on a random page, so indexing in those small transactions cost a
-- third of the store's time. The import indexes its messages once per fetched batch instead; a
-- row here, written with the message, keeps one that a crash or an interrupted pass left
-- unindexed, and the next pass (or the next start) indexes it.
CREATE TABLE search_pending (
  message_pk INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE
) STRICT;
