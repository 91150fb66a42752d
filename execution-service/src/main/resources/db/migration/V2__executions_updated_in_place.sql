-- A step transition rewrites the execution row without touching an indexed column; free room on
-- its page lets PostgreSQL write the new version there without new index entries (HOT update).
alter table workflow_executions set (fillfactor = 50);
