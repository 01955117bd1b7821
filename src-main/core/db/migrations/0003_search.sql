-- Search: a trigram index beside the word index of 0001, global newest-first order, and a
-- contacts index kept up to date by triggers.

-- Substring search (Chinese and other unspaced scripts, emoji, parts of addresses, file names).
-- unicode61 makes a whole Chinese sentence one token, so "发票已开具" could only be found as a
-- whole. Contentless like messages_fts; rowid = messages.id. Columns hold what the indexer in
-- core/search/message-index.ts puts there; its rows are (re)built by code, not by this file,
-- because which body lines to index is decided in TypeScript (search-text.ts).
CREATE VIRTUAL TABLE message_trigrams USING fts5 (
  subject,
  body,
  sender,
  recipients,
  cc,
  attachments,
  content = '',
  contentless_delete = 1,
  tokenize = 'trigram remove_diacritics 1'
);

-- Contentless indexes do not follow their rows: remove a deleted message's entries, or a reused
-- rowid would inherit them.
CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN
  DELETE FROM messages_fts WHERE rowid = old.id;
  DELETE FROM message_trigrams WHERE rowid = old.id;
END;

-- Search spans all accounts and folders, newest first; (date, rowid) order serves keyset paging.
CREATE INDEX messages_by_date ON messages (date);

-- Contacts: word-prefix search on names, emails and phones ("car" finds Carlos, not Oscar).
-- contacts has a text key, and an implicit rowid may change on VACUUM, so the index is keyed by
-- a stable integer of our own.
CREATE TABLE contact_search_keys (
  key INTEGER PRIMARY KEY,
  contact_id TEXT NOT NULL UNIQUE REFERENCES contacts (id) ON DELETE CASCADE
) STRICT;

CREATE VIRTUAL TABLE contacts_fts USING fts5 (
  first_name,
  last_name,
  display_name,
  emails,
  phones,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);

-- What contacts_fts holds for a live contact. Phones are indexed as written and as digits only,
-- so "0812 3456" and "08123456" both find "0812-3456".
CREATE VIEW contact_search_source AS
SELECT
  k.key,
  c.id AS contact_id,
  c.first_name,
  c.last_name,
  c.display_name,
  coalesce(
    (SELECT group_concat(e.address, ' ') FROM contact_emails e WHERE e.contact_id = c.id AND e.deleted = 0),
    ''
  ) AS emails,
  coalesce(
    (SELECT group_concat(p.phone || ' ' || replace(replace(replace(replace(replace(replace(replace(
        p.phone, ' ', ''), '-', ''), '(', ''), ')', ''), '+', ''), '.', ''), '/', ''), ' ')
      FROM contact_phones p WHERE p.contact_id = c.id AND p.deleted = 0),
    ''
  ) AS phones
FROM contacts c
JOIN contact_search_keys k ON k.contact_id = c.id
WHERE c.deleted = 0;

-- Every write path (mail import, CRM edits, merges, workspace import) keeps the index current in
-- its own transaction, without having to remember to.
CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts BEGIN
  INSERT INTO contact_search_keys (contact_id) VALUES (new.id);
  INSERT INTO contacts_fts (rowid, first_name, last_name, display_name, emails, phones)
    SELECT key, first_name, last_name, display_name, emails, phones
    FROM contact_search_source WHERE contact_id = new.id;
END;

CREATE TRIGGER contacts_search_update AFTER UPDATE ON contacts BEGIN
  DELETE FROM contacts_fts WHERE rowid = (SELECT key FROM contact_search_keys WHERE contact_id = new.id);
  INSERT INTO contacts_fts (rowid, first_name, last_name, display_name, emails, phones)
    SELECT key, first_name, last_name, display_name, emails, phones
    FROM contact_search_source WHERE contact_id = new.id;
END;

CREATE TRIGGER contact_search_keys_delete AFTER DELETE ON contact_search_keys BEGIN
  DELETE FROM contacts_fts WHERE rowid = old.key;
END;

CREATE TRIGGER contact_emails_search_insert AFTER INSERT ON contact_emails BEGIN
  DELETE FROM contacts_fts WHERE rowid = (SELECT key FROM contact_search_keys WHERE contact_id = new.contact_id);
  INSERT INTO contacts_fts (rowid, first_name, last_name, display_name, emails, phones)
    SELECT key, first_name, last_name, display_name, emails, phones
    FROM contact_search_source WHERE contact_id = new.contact_id;
END;

-- An update may move an address to another contact (a merge): refresh both.
CREATE TRIGGER contact_emails_search_update AFTER UPDATE ON contact_emails BEGIN
  DELETE FROM contacts_fts WHERE rowid IN
    (SELECT key FROM contact_search_keys WHERE contact_id IN (old.contact_id, new.contact_id));
  INSERT INTO contacts_fts (rowid, first_name, last_name, display_name, emails, phones)
    SELECT key, first_name, last_name, display_name, emails, phones
    FROM contact_search_source WHERE contact_id IN (old.contact_id, new.contact_id);
END;

CREATE TRIGGER contact_emails_search_delete AFTER DELETE ON contact_emails BEGIN
  DELETE FROM contacts_fts WHERE rowid = (SELECT key FROM contact_search_keys WHERE contact_id = old.contact_id);
  INSERT INTO contacts_fts (rowid, first_name, last_name, display_name, emails, phones)
    SELECT key, first_name, last_name, display_name, emails, phones
    FROM contact_search_source WHERE contact_id = old.contact_id;
END;

CREATE TRIGGER contact_phones_search_insert AFTER INSERT ON contact_phones BEGIN
  DELETE FROM contacts_fts WHERE rowid = (SELECT key FROM contact_search_keys WHERE contact_id = new.contact_id);
  INSERT INTO contacts_fts (rowid, first_name, last_name, display_name, emails, phones)
    SELECT key, first_name, last_name, display_name, emails, phones
    FROM contact_search_source WHERE contact_id = new.contact_id;
END;

CREATE TRIGGER contact_phones_search_update AFTER UPDATE ON contact_phones BEGIN
  DELETE FROM contacts_fts WHERE rowid IN
    (SELECT key FROM contact_search_keys WHERE contact_id IN (old.contact_id, new.contact_id));
  INSERT INTO contacts_fts (rowid, first_name, last_name, display_name, emails, phones)
    SELECT key, first_name, last_name, display_name, emails, phones
    FROM contact_search_source WHERE contact_id IN (old.contact_id, new.contact_id);
END;

CREATE TRIGGER contact_phones_search_delete AFTER DELETE ON contact_phones BEGIN
  DELETE FROM contacts_fts WHERE rowid = (SELECT key FROM contact_search_keys WHERE contact_id = old.contact_id);
  INSERT INTO contacts_fts (rowid, first_name, last_name, display_name, emails, phones)
    SELECT key, first_name, last_name, display_name, emails, phones
    FROM contact_search_source WHERE contact_id = old.contact_id;
END;

-- Contacts that exist already.
INSERT INTO contact_search_keys (contact_id) SELECT id FROM contacts;
INSERT INTO contacts_fts (rowid, first_name, last_name, display_name, emails, phones)
  SELECT key, first_name, last_name, display_name, emails, phones FROM contact_search_source;
