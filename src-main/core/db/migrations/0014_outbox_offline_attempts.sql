-- How many times in a row a queued message found no connection: its retry backs off with this.
-- `attempts` counts tries that reached the SMTP step, which the 4xx retry limit is based on, so
-- the offline count is kept apart (an offline spell must never fail a message for good).
ALTER TABLE outbox ADD COLUMN offline_attempts INTEGER NOT NULL DEFAULT 0;
