-- Thread ids are never handed out twice. A thread merged into another is deleted, and SQLite gave
-- the next new thread its id: what still named the old one without a foreign key (a reply draft,
-- an outbox reply) then belonged to an unrelated conversation. threads is not rebuilt with
-- AUTOINCREMENT as tasks was (0023): messages and conversations reference it with ON DELETE
-- actions that dropping it would fire. The highest id given instead, kept by a trigger; new
-- threads take the next one (thread-builder.ts, thread-decisions.ts).
CREATE TABLE thread_ids_given (last_id INTEGER NOT NULL) STRICT;
INSERT INTO thread_ids_given (last_id) SELECT ifnull(max(id), 0) FROM threads;
CREATE TRIGGER threads_id_given AFTER INSERT ON threads BEGIN
  UPDATE thread_ids_given SET last_id = max(last_id, NEW.id);
END;
