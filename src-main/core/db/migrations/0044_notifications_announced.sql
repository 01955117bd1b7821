-- When a window first showed a notification on the desktop (the Notification API). A snooze that
-- ran out while Rapport was closed, or a mention made while only the CLI ran, is created with no
-- window listening; the next window to connect asks for what was never shown (notifications.announce)
-- and pops it up once. Notifications from before this column were shown already, or are old news.
ALTER TABLE notifications ADD COLUMN announced_at INTEGER;
UPDATE notifications SET announced_at = created_at;
CREATE INDEX notifications_unannounced ON notifications (member_id, created_at) WHERE announced_at IS NULL;
