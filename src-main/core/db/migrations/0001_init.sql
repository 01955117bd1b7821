-- Rapport schema v1. Once landed this file never changes: its checksum is stored and checked.
-- Mail rows (folders, messages, locations, threads) use integer ids: they are local and can be
-- re-fetched. Shareable CRM rows (contacts, conversations) use text ids plus a hybrid logical
-- clock (hlc), updated_by and a tombstone, so that workspace import can merge field by field.

-- Small key/value facts about this workspace (its HLC node id, for example).
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL COLLATE NOCASE UNIQUE,
  display_name TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT 'mailbox' CHECK (kind IN ('mailbox', 'sample')),
  username TEXT NOT NULL,
  imap_host TEXT NOT NULL,
  imap_port INTEGER NOT NULL,
  imap_security TEXT NOT NULL CHECK (imap_security IN ('tls', 'starttls', 'none')),
  smtp_host TEXT NOT NULL,
  smtp_port INTEGER NOT NULL,
  smtp_security TEXT NOT NULL CHECK (smtp_security IN ('tls', 'starttls', 'none')),
  auth_method TEXT NOT NULL DEFAULT 'password' CHECK (auth_method IN ('password', 'oauth2')),
  -- Key under which the secret store holds the password or token. Never the secret itself.
  secret_ref TEXT NOT NULL,
  import_limit INTEGER, -- NULL means "all"
  is_shared INTEGER NOT NULL DEFAULT 0,
  threading_enabled INTEGER NOT NULL DEFAULT 1,
  state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'needs-signin', 'archived')),
  state_reason TEXT,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE folders (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  name TEXT NOT NULL,
  delimiter TEXT,
  special_use TEXT,
  sync_enabled INTEGER NOT NULL DEFAULT 0,
  uid_validity INTEGER,
  uid_next INTEGER,
  -- MODSEQ values are 63-bit; kept as text so no precision is lost in JavaScript.
  highest_modseq TEXT,
  -- Lowest UID imported so far: older mail is fetched later by backfill.
  lowest_synced_uid INTEGER,
  last_synced_at INTEGER,
  UNIQUE (account_id, path)
) STRICT;

CREATE TABLE threads (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  subject TEXT NOT NULL DEFAULT '',
  normalized_subject TEXT NOT NULL DEFAULT '',
  message_count INTEGER NOT NULL DEFAULT 0,
  unread_count INTEGER NOT NULL DEFAULT 0,
  has_attachments INTEGER NOT NULL DEFAULT 0,
  last_message_at INTEGER NOT NULL DEFAULT 0,
  last_message_pk INTEGER
) STRICT;
CREATE INDEX threads_by_recency ON threads (last_message_at DESC, id DESC);
CREATE INDEX threads_by_account_recency ON threads (account_id, last_message_at DESC, id DESC);

-- Every Message-ID a thread has seen, including referenced parents we do not have (yet).
-- This is what makes threading work when replies arrive before their parents (JWZ ghosts).
CREATE TABLE thread_message_ids (
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  message_id TEXT NOT NULL,
  thread_id INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
  PRIMARY KEY (account_id, message_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX thread_message_ids_by_thread ON thread_message_ids (thread_id);

CREATE TABLE contacts (
  id TEXT PRIMARY KEY,
  display_name TEXT NOT NULL DEFAULT '',
  first_name TEXT NOT NULL DEFAULT '',
  last_name TEXT NOT NULL DEFAULT '',
  company TEXT NOT NULL DEFAULT '',
  country TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT '',
  owner_id TEXT,
  blocked INTEGER NOT NULL DEFAULT 0,
  custom_fields TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  hlc TEXT NOT NULL,
  updated_by TEXT,
  deleted INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE contact_emails (
  id TEXT PRIMARY KEY,
  contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  address TEXT NOT NULL COLLATE NOCASE,
  is_primary INTEGER NOT NULL DEFAULT 0,
  hlc TEXT NOT NULL,
  updated_by TEXT,
  deleted INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE UNIQUE INDEX contact_emails_by_address ON contact_emails (address) WHERE deleted = 0;
CREATE INDEX contact_emails_by_contact ON contact_emails (contact_id);

CREATE TABLE contact_phones (
  id TEXT PRIMARY KEY,
  contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  phone TEXT NOT NULL,
  hlc TEXT NOT NULL,
  updated_by TEXT,
  deleted INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX contact_phones_by_phone ON contact_phones (phone);

CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  -- Normalized Message-ID, or "<sha256:…>" of date/from/subject/size when the header is missing.
  message_id TEXT NOT NULL,
  thread_id INTEGER REFERENCES threads (id) ON DELETE SET NULL,
  contact_id TEXT REFERENCES contacts (id) ON DELETE SET NULL,
  in_reply_to TEXT,
  references_json TEXT NOT NULL DEFAULT '[]',
  subject TEXT NOT NULL DEFAULT '',
  from_name TEXT NOT NULL DEFAULT '',
  from_address TEXT NOT NULL DEFAULT '',
  to_json TEXT NOT NULL DEFAULT '[]',
  cc_json TEXT NOT NULL DEFAULT '[]',
  bcc_json TEXT NOT NULL DEFAULT '[]',
  reply_to_json TEXT NOT NULL DEFAULT '[]',
  date INTEGER NOT NULL,
  size INTEGER NOT NULL DEFAULT 0,
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  -- Flags merged over all locations; is_seen is kept as a column because lists filter on it.
  flags_json TEXT NOT NULL DEFAULT '[]',
  is_seen INTEGER NOT NULL DEFAULT 0,
  snippet TEXT NOT NULL DEFAULT '',
  body_text TEXT,
  body_html TEXT,
  has_attachments INTEGER NOT NULL DEFAULT 0,
  deleted_on_server INTEGER NOT NULL DEFAULT 0,
  parse_error TEXT,
  created_at INTEGER NOT NULL,
  UNIQUE (account_id, message_id)
) STRICT;
CREATE INDEX messages_by_thread ON messages (thread_id, date);
CREATE INDEX messages_by_account_date ON messages (account_id, date DESC);
CREATE INDEX messages_by_contact ON messages (contact_id, date DESC);

-- Where a message lives on the server. CRM data never points here, so a UIDVALIDITY reset
-- only remaps these rows.
CREATE TABLE message_locations (
  id INTEGER PRIMARY KEY,
  message_pk INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  folder_id INTEGER NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
  uid_validity INTEGER NOT NULL,
  uid INTEGER NOT NULL,
  flags_json TEXT NOT NULL DEFAULT '[]',
  modseq TEXT,
  UNIQUE (folder_id, uid_validity, uid)
) STRICT;
CREATE INDEX message_locations_by_message ON message_locations (message_pk);

CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  message_pk INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  filename TEXT NOT NULL DEFAULT '',
  content_type TEXT NOT NULL DEFAULT 'application/octet-stream',
  size INTEGER NOT NULL DEFAULT 0,
  content_id TEXT,
  disposition TEXT,
  -- Path of the locally cached content, once cached (mail deleted on the server stays readable).
  cache_path TEXT
) STRICT;
CREATE INDEX attachments_by_message ON attachments (message_pk);

CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  thread_id INTEGER NOT NULL UNIQUE REFERENCES threads (id) ON DELETE CASCADE,
  contact_id TEXT REFERENCES contacts (id) ON DELETE SET NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'snoozed')),
  status_before_snooze TEXT CHECK (status_before_snooze IN ('open', 'closed')),
  status_changed_at INTEGER NOT NULL,
  snoozed_until INTEGER,
  assignee_id TEXT,
  team_id TEXT,
  unread_count INTEGER NOT NULL DEFAULT 0,
  last_incoming_at INTEGER,
  last_outgoing_at INTEGER,
  last_message_at INTEGER NOT NULL DEFAULT 0,
  last_direction TEXT CHECK (last_direction IN ('in', 'out')),
  created_at INTEGER NOT NULL,
  hlc TEXT NOT NULL,
  updated_by TEXT,
  deleted INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX conversations_by_contact ON conversations (contact_id);
CREATE INDEX conversations_by_status_recency ON conversations (status, last_message_at DESC);

-- Append-only timeline; workspace import takes the union.
CREATE TABLE events (
  id TEXT PRIMARY KEY,
  conversation_id TEXT REFERENCES conversations (id) ON DELETE CASCADE,
  contact_id TEXT REFERENCES contacts (id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('user', 'rule', 'system', 'contact')),
  actor_id TEXT,
  data_json TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX events_by_conversation ON events (conversation_id, created_at);

-- Persisted user intents (flag, move, send…), applied locally first and retried against the server.
CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  payload_json TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  run_after INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX tasks_ready ON tasks (state, run_after);

-- Full-text index over mail. Contentless (the text already lives in messages), rowid = messages.id.
CREATE VIRTUAL TABLE messages_fts USING fts5 (
  subject,
  body,
  participants,
  attachment_names,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);
