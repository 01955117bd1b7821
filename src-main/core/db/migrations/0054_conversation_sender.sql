-- Who a conversation is from, for the inbox list when it has no contact to name (mail to more
-- than 25 recipients, mail between the user's own addresses): the From name, else address, of its
-- latest incoming message, else of its latest message. Kept with the other last_* columns
-- (threading/thread-aggregates.ts), so the list reads it without looking at messages.
ALTER TABLE conversations ADD COLUMN sender TEXT NOT NULL DEFAULT '';
UPDATE conversations SET sender = coalesce(
  (SELECT coalesce(nullif(trim(m.from_name), ''), m.from_address) FROM messages m
   WHERE m.thread_id = conversations.thread_id AND m.direction = 'in' ORDER BY m.date DESC, m.id DESC LIMIT 1),
  (SELECT coalesce(nullif(trim(m.from_name), ''), m.from_address) FROM messages m
   WHERE m.thread_id = conversations.thread_id ORDER BY m.date DESC, m.id DESC LIMIT 1),
  '');
