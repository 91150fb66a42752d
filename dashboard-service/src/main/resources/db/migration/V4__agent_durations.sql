-- Every card shows the mean duration of its agent's completed runs (the estimate of the time left).
-- Averaging them per card read every completed run of the agent each time a card was drawn: with
-- a few thousand runs of one agent that was most of the read model's database time. The sum and
-- the count are kept here instead, by triggers on executions, so that every way rows change
-- (the projection's upserts, a rebuild's COPY, the pruning of finished runs) keeps them true.
-- A truncate of executions must truncate this table with it (ExecutionStates.clear does).
create table agent_durations (
    agent_id  uuid primary key,
    completed bigint not null, -- the agent's completed runs with a known duration
    total_ms  bigint not null
);

insert into agent_durations (agent_id, completed, total_ms)
select agent_id, count(*), sum(duration_ms)
  from executions
 where status = 'completed' and agent_id is not null and duration_ms is not null
 group by agent_id;

-- One upsert per statement, whatever the number of rows (statement-level triggers with transition
-- tables), with the agents in id order so that concurrent statements lock their rows in one order.
create function add_agent_durations(agents uuid[], runs bigint[], ms bigint[]) returns void
language sql as $$
  insert into agent_durations as d (agent_id, completed, total_ms)
  select agent_id, sum(r), sum(m)
    from unnest(agents, runs, ms) as change (agent_id, r, m)
   where agent_id is not null
   group by agent_id
  having sum(r) <> 0 or sum(m) <> 0
   order by agent_id
  on conflict (agent_id) do update
     set completed = d.completed + excluded.completed,
         total_ms  = d.total_ms + excluded.total_ms
$$;

-- A row completed both before and after an update adds and removes itself: no write.
create function count_agent_durations() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    perform add_agent_durations(array_agg(agent_id), array_agg(1::bigint), array_agg(duration_ms))
       from added_rows where status = 'completed' and duration_ms is not null;
  elsif tg_op = 'DELETE' then
    perform add_agent_durations(array_agg(agent_id), array_agg(-1::bigint), array_agg(-duration_ms))
       from removed_rows where status = 'completed' and duration_ms is not null;
  else
    perform add_agent_durations(array_agg(agent_id), array_agg(runs), array_agg(ms))
       from (select agent_id, 1::bigint as runs, duration_ms as ms
               from added_rows where status = 'completed' and duration_ms is not null
             union all
             select agent_id, -1::bigint, -duration_ms
               from removed_rows where status = 'completed' and duration_ms is not null) change;
  end if;
  return null;
end;
$$;

create trigger agent_durations_on_insert after insert on executions
  referencing new table as added_rows
  for each statement execute function count_agent_durations();
create trigger agent_durations_on_update after update on executions
  referencing old table as removed_rows new table as added_rows
  for each statement execute function count_agent_durations();
create trigger agent_durations_on_delete after delete on executions
  referencing old table as removed_rows
  for each statement execute function count_agent_durations();
