-- Images an HTML body shows from its own parts (cid:, multipart/related) are stored with the
-- attachments so they can be shown offline, but they are not attachments to the user: not
-- counted, and not searched by name. The flag says so, for every reader of the table (the
-- search index rebuild and its row-by-row scan), not only for the store as it writes them.
ALTER TABLE attachments ADD COLUMN inline INTEGER NOT NULL DEFAULT 0;
