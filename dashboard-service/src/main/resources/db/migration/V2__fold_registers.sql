-- The fold converges whatever order a run's events arrive in: each fact that changes over a run is
-- a register overwritten only by a later event, so the read model keeps the sequence each was
-- written at (last_sequence_execution stays the status register's), and whether the status came
-- from a resume (then it depends on where the run stands). A tally keeps the sequence its counts
-- come from. Rows written before keep what they had: their registers count as written at the
-- row's last sequence.
alter table executions
    add column position_sequence  bigint  not null default 0,
    add column completed_sequence bigint  not null default 0,
    add column approval_sequence  bigint  not null default 0,
    add column resumed            boolean not null default false;

update executions
   set position_sequence  = last_sequence_execution,
       completed_sequence = last_sequence_execution,
       approval_sequence  = case when approval_id is null then 0 else last_sequence_execution end;

alter table approvals add column sequence bigint not null default 0;

update approvals a
   set sequence = e.last_sequence_approval
  from executions e
 where e.execution_id = a.execution_id;
