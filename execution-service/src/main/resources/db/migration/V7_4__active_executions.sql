-- Every start counts its owner's active runs (the per-owner limit). Counted in workflow_executions,
-- each active run cost a heap fetch on a page of its own (wide rows, fillfactor 50) plus the dead
-- index entries its earlier versions left: with a thousand active runs, a start visited a thousand
-- pages, the largest share of PostgreSQL's CPU in the throughput benchmark. A narrow row per active
-- run holds the same set in a few pages. Triggers keep it, so every path that writes a run (and any
-- instance still on the previous version during a rolling deploy) keeps it exact.
create table active_executions (
    id    uuid primary key,
    owner text not null
);
create index active_executions_by_owner on active_executions (owner);

insert into active_executions (id, owner)
select id, owner from workflow_executions where status in ('running', 'waiting_approval', 'paused');

create function track_active_execution() returns trigger language plpgsql as $$
begin
    if new.status in ('running', 'waiting_approval', 'paused') then
        insert into active_executions (id, owner) values (new.id, new.owner)
        on conflict (id) do nothing;
    else
        delete from active_executions where id = new.id;
    end if;
    return new;
end $$;

-- Before the row is written, so that the start's own statement, which counts after its insert
-- (lock_owner_and_count_active in the same statement), counts the new run as before.
create trigger active_execution_started
    before insert on workflow_executions
    for each row when (new.status in ('running', 'waiting_approval', 'paused'))
    execute function track_active_execution();

-- Only when the run enters or leaves the active set: transitions between active statuses (running,
-- waiting for approval, paused) and updates that keep the status cost no trigger call.
create trigger active_execution_changed
    after update of status on workflow_executions
    for each row when ((old.status in ('running', 'waiting_approval', 'paused'))
                       is distinct from (new.status in ('running', 'waiting_approval', 'paused')))
    execute function track_active_execution();

create or replace function lock_owner_and_count_active(run_owner text) returns integer
  language plpgsql volatile as $$
begin
  perform pg_advisory_xact_lock(hashtext('pilot-owner:' || run_owner));
  return (select count(*) from active_executions where owner = run_owner);
end
$$;

-- Only the count used it.
drop index executions_active_by_owner;
