-- Two facts about a message that never change, kept beside its search key: whether it has
-- attachments, and its sender folded as the trigram index folds (core/search/search-text.ts).
-- A query driven by a full-text index ("from:@gmail has:attachment laporan") reads the key of
-- every candidate anyway; with these on that narrow row, candidates are dropped before their
-- message row is read, and from: is checked by instr() rather than a JavaScript function.
--
-- The sender is folded in TypeScript, so the columns are filled on open by the upgrade that
-- SEARCH_INDEX_VERSION 3 brings (fillKeyFilters in core/search/search-reindex.ts), not here.
ALTER TABLE message_search_keys ADD COLUMN has_attachments INTEGER NOT NULL DEFAULT 0;
ALTER TABLE message_search_keys ADD COLUMN sender TEXT NOT NULL DEFAULT '';
