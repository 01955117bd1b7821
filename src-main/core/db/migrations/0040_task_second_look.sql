-- A flag change whose messages another program moved away, and which were found in no synced
-- folder at its first look (they may still be moving), looks for them again before it is
-- dropped. What the next look searches for (their Message-IDs, the places they left, and how many
-- looks so far, JSON) is kept with the task, so a lost connection or a restart in between does
-- not turn it into a first look again, which finds nothing to look for once a pass has dropped
-- those places.
ALTER TABLE tasks ADD COLUMN second_look_json TEXT;
