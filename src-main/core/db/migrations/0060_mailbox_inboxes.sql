-- Each mailbox's own inbox (InboxRef { account }) lists by account, as a team inbox does by
-- team, led by account_id, so its pages by newest/oldest and its open count read no rows. Only
-- the two "recent" ones of the team's four: every index on conversations is written again as
-- each imported message moves its conversation's last_message_at, and the import's cost is
-- mostly such writes (README, Benchmarks); sorting a mailbox's conversations by time in status
-- (longest/shortest, rarely used) sorts them instead. The standard inboxes never filter by
-- account_id, so these cannot be chosen for them.
CREATE INDEX conv_account_recent ON conversations (account_id, blocked, last_message_at, id, last_direction) WHERE deleted = 0;
CREATE INDEX conv_account_status_recent ON conversations (account_id, blocked, status, last_message_at, id, last_direction) WHERE deleted = 0;
