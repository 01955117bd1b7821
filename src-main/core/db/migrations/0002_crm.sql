-- CRM: people (members, teams), inbox state, comments, notifications, leads, contact details and
-- merges, manual threading decisions. Shareable rows carry hlc/updated_by/deleted like contacts.

CREATE TABLE members (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL COLLATE NOCASE,
  role TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'agent')),
  -- What an agent may see: everything, their teams' conversations, or only their own.
  visibility TEXT NOT NULL DEFAULT 'none' CHECK (visibility IN ('none', 'team', 'own')),
  is_local INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  hlc TEXT NOT NULL,
  updated_by TEXT,
  deleted INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE UNIQUE INDEX members_by_email ON members (email) WHERE deleted = 0;
CREATE UNIQUE INDEX members_one_local ON members (is_local) WHERE is_local = 1;

CREATE TABLE teams (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  hlc TEXT NOT NULL,
  updated_by TEXT,
  deleted INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE team_members (
  team_id TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  member_id TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  PRIMARY KEY (team_id, member_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX team_members_by_member ON team_members (member_id);

-- Conversations: a copy of the contact's blocked flag (so inbox lists need no join) and the time
-- the current open/closed status began, which a snooze keeps (0 = unknown, e.g. imported closed).
ALTER TABLE conversations ADD COLUMN blocked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN status_since INTEGER NOT NULL DEFAULT 0;
UPDATE conversations SET status_since = status_changed_at WHERE status = 'open';

-- Inbox lists: one index per (inbox, status filter, sort key), keyset-paged, with last_direction
-- at the end so the "unreplied" toggle is checked on the index alone.
CREATE INDEX conv_all_recent ON conversations (blocked, last_message_at, id, last_direction) WHERE deleted = 0;
CREATE INDEX conv_all_status_recent ON conversations (blocked, status, last_message_at, id, last_direction) WHERE deleted = 0;
CREATE INDEX conv_all_since ON conversations (blocked, status_since, id, last_direction) WHERE deleted = 0;
CREATE INDEX conv_all_status_since ON conversations (blocked, status, status_since, id, last_direction) WHERE deleted = 0;
CREATE INDEX conv_assignee_recent ON conversations (assignee_id, blocked, last_message_at, id, last_direction) WHERE deleted = 0;
CREATE INDEX conv_assignee_status_recent ON conversations (assignee_id, blocked, status, last_message_at, id, last_direction) WHERE deleted = 0;
CREATE INDEX conv_assignee_since ON conversations (assignee_id, blocked, status_since, id, last_direction) WHERE deleted = 0;
CREATE INDEX conv_assignee_status_since ON conversations (assignee_id, blocked, status, status_since, id, last_direction) WHERE deleted = 0;
CREATE INDEX conv_team_recent ON conversations (team_id, blocked, last_message_at, id, last_direction) WHERE deleted = 0;
CREATE INDEX conv_team_status_recent ON conversations (team_id, blocked, status, last_message_at, id, last_direction) WHERE deleted = 0;
CREATE INDEX conv_team_since ON conversations (team_id, blocked, status_since, id, last_direction) WHERE deleted = 0;
CREATE INDEX conv_team_status_since ON conversations (team_id, blocked, status, status_since, id, last_direction) WHERE deleted = 0;
CREATE INDEX conv_snoozed_until ON conversations (snoozed_until) WHERE status = 'snoozed';
CREATE INDEX events_by_contact ON events (contact_id, created_at);

-- Saved filters. Refreshed by hand: the matching conversations are kept as a snapshot.
CREATE TABLE custom_inboxes (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  creator_id TEXT NOT NULL REFERENCES members (id),
  shared INTEGER NOT NULL DEFAULT 0,
  filter_json TEXT NOT NULL DEFAULT '{}',
  refreshed_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  hlc TEXT NOT NULL,
  updated_by TEXT,
  deleted INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE custom_inbox_items (
  inbox_id TEXT NOT NULL REFERENCES custom_inboxes (id) ON DELETE CASCADE,
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  PRIMARY KEY (inbox_id, conversation_id)
) STRICT, WITHOUT ROWID;

-- New-message dots, per member and inbox key ('mine', 'team:<id>', 'unassigned', 'all').
CREATE TABLE inbox_marks (
  member_id TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  inbox_key TEXT NOT NULL,
  new_at INTEGER NOT NULL DEFAULT 0,
  seen_at INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (member_id, inbox_key)
) STRICT, WITHOUT ROWID;

-- Internal comments: never sent to the contact.
CREATE TABLE comments (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  author_id TEXT NOT NULL,
  body TEXT NOT NULL,
  mentions_json TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  hlc TEXT NOT NULL,
  updated_by TEXT,
  deleted INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX comments_by_conversation ON comments (conversation_id, created_at);

CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  member_id TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('mention', 'snooze-woken')),
  conversation_id TEXT REFERENCES conversations (id) ON DELETE CASCADE,
  comment_id TEXT,
  text TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  read_at INTEGER
) STRICT;
CREATE INDEX notifications_by_member ON notifications (member_id, created_at DESC);

-- Contacts: tags, custom field definitions, merges (with what unmerge needs to restore).
CREATE TABLE contact_tags (
  contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  tag TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (contact_id, tag)
) STRICT, WITHOUT ROWID;
CREATE INDEX contact_tags_by_tag ON contact_tags (tag);

CREATE TABLE contact_field_defs (
  key TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('text', 'number', 'checkbox', 'date', 'time')),
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE contact_merges (
  id TEXT PRIMARY KEY,
  survivor_id TEXT NOT NULL REFERENCES contacts (id),
  merged_id TEXT NOT NULL REFERENCES contacts (id),
  -- What moved: email/phone/tag rows, message and conversation ids, the merged contact's fields.
  moved_json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  undone_at INTEGER
) STRICT;
CREATE INDEX contact_phones_by_contact ON contact_phones (contact_id);

CREATE TABLE leads (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  stage TEXT NOT NULL,
  value REAL NOT NULL DEFAULT 0,
  owner_id TEXT,
  created_at INTEGER NOT NULL,
  hlc TEXT NOT NULL,
  updated_by TEXT,
  deleted INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE lead_links (
  lead_id TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('contact', 'conversation')),
  target_id TEXT NOT NULL,
  PRIMARY KEY (lead_id, kind, target_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX lead_links_by_target ON lead_links (kind, target_id);

-- Manual threading, keyed by Message-ID so it survives re-sync and re-import:
-- 'split': the message starts its own thread; 'merge': it joins the thread of partner_id.
CREATE TABLE thread_decisions (
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  message_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('split', 'merge')),
  partner_id TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, message_id)
) STRICT, WITHOUT ROWID;
