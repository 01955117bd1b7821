-- What kind of failure a task's last_error describes (TaskErrorCode in the contract): the
-- server's own words, shown verbatim, or one of Rapport's reasons, which the UI translates.
ALTER TABLE tasks ADD COLUMN last_error_code TEXT;
