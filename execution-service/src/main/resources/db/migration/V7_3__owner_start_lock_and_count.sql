-- The owner's start lock and the count of their active runs in one round trip. The count must see
-- every start committed before the lock was granted: in READ COMMITTED a plain statement's snapshot
-- is taken when the statement starts, before it waits for the lock, while each query inside a
-- VOLATILE function takes a new one, after the PERFORM returned.
create function lock_owner_and_count_active(run_owner text) returns integer
  language plpgsql volatile as $$
begin
  perform pg_advisory_xact_lock(hashtext('pilot-owner:' || run_owner));
  return (select count(*) from workflow_executions
          where owner = run_owner and status in ('running', 'waiting_approval', 'paused'));
end
$$;
