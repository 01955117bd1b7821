-- A reply draft may keep recipients of its own: one begun in another program (a phone) with its
-- To changed or a Cc added, continued here (server-drafts.ts). to_text, until now only a new
-- message's, holds a reply's To when it has them; cc_text its Cc. Both '' (every reply draft
-- until now): the reply box chooses the recipients, as for any reply.
ALTER TABLE drafts ADD COLUMN cc_text TEXT NOT NULL DEFAULT '';
