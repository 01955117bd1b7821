-- Another program's draft whose HTML has formatting Rapport's plain text cannot keep (bold,
-- links with words of their own, images, tables: src-main/core/drafts/lost-formatting.ts) is
-- continued only after the user agreed to go on in plain text, and its copy stays on the server
-- until the draft continuing it is sent or thrown away: Rapport's copy going up does not delete
-- it, so the formatting can still be had from the other program until the message goes.
-- Set when the copy is claimed (server-drafts.ts claimContinued).
ALTER TABLE continued_copies ADD COLUMN keep_until_sent INTEGER NOT NULL DEFAULT 0 CHECK (keep_until_sent IN (0, 1));

-- A copy claimed before, not deleted yet, is kept so too when its message has HTML at all: that
-- HTML cannot be judged here, and keeping a copy longer loses nothing.
UPDATE continued_copies SET keep_until_sent = 1
WHERE EXISTS (SELECT 1 FROM message_locations l, messages m
  WHERE l.folder_id = continued_copies.folder_id AND l.uid_validity = continued_copies.uid_validity
    AND l.uid = continued_copies.uid AND m.id = l.message_pk AND m.body_html IS NOT NULL);
