-- The subject fallback of threading (a reply with no References or In-Reply-To joins the newest
-- thread of the same normalized subject) looked threads up by account only and scanned them all:
-- ~1.5 ms per lookup at 10k threads, ~7 ms at 50k. Equality on both columns, newest first, makes
-- it a single index seek (core/threading/thread-builder.ts, SUBJECT_FALLBACK_SQL).
CREATE INDEX threads_by_subject ON threads (account_id, normalized_subject, last_message_at DESC);
