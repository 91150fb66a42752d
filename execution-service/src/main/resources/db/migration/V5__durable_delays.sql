-- A delay step waits in the database, not on a thread: while its timer is set the run stays
-- running, unleased, with run_at at the time it fires (issue 11). Not indexed: the step transition
-- that writes it stays a HOT update.
alter table workflow_executions add column waiting_until timestamptz;
