-- A reply draft keeps which message it answers and whether Reply or Reply all chose its
-- recipients, so that after a restart it still answers an earlier message of the conversation
-- (its In-Reply-To, References and subject, in the box and in its copy in Drafts).
-- answering_message_id: the message Reply or Reply all was on, NULL for the newest. No foreign
-- key: message ids are never given twice (ids_forgotten), so once that message is deleted the id
-- finds none in the conversation and the reply answers the newest, as before this column.
ALTER TABLE drafts ADD COLUMN answering_message_id INTEGER;
-- 1: the reply's own To and Cc are those Reply or Reply all chose, not typed (the box says so).
ALTER TABLE drafts ADD COLUMN chosen_recipients INTEGER NOT NULL DEFAULT 0 CHECK (chosen_recipients IN (0, 1));
