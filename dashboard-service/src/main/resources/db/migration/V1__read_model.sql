-- The dashboard's read model, built only from execution-events and approval-events.

-- One row per execution. A row may exist before its ExecutionStarted (status 'unknown') when an
-- approval event overtook it: it then only remembers the approval sequence.
create table executions (
    execution_id            uuid primary key,
    agent_id                uuid,
    agent_name              text,
    owner                   text,
    mode                    text,
    trigger                 text,
    status                  text        not null default 'unknown',
    pilot_steps             jsonb       not null default '[]',
    current_step            text,
    step_title              text,
    step_order              int,
    total_steps             int         not null default 0,
    completed_steps         text[]      not null default '{}',
    created_at              timestamptz,
    finished_at             timestamptz,
    duration_ms             bigint,
    approval_id             uuid,
    approval_step_id        text,
    approval_type           text,
    approval_reason         text,
    approvers               text[]      not null default '{}',
    failure_reason          text,
    failure_step            text,
    failure_error           text,
    -- Who sees the row: the owner, plus the approvers while their approval is pending.
    viewers                 text[]      not null default '{}',
    last_sequence_execution bigint      not null default 0,
    last_sequence_approval  bigint      not null default 0,
    updated_at              timestamptz not null default now()
);

create index executions_viewers on executions using gin (viewers);
create index executions_active on executions (created_at desc)
    where status in ('running', 'waiting_approval', 'paused');
create index executions_finished on executions (finished_at desc)
    where status in ('completed', 'failed', 'cancelled');
create index executions_agent_completed on executions (agent_id) where status = 'completed';

-- The tally of each approval, kept by approval_id so that approval events applied before the
-- ApprovalRequested that created the approval are not lost.
create table approvals (
    approval_id     uuid primary key,
    execution_id    uuid   not null,
    approvals       int    not null default 0,
    rejections      int    not null default 0,
    total_approvers int    not null default 0,
    outcome         text,
    responders      text[] not null default '{}'
);

-- The change feed: one row per visible change of an executions row. Its id is the SSE event id.
-- kind: upsert | removed | reset. viewers get the row; dropped users get 'removed'.
create table changes (
    id           bigserial primary key,
    execution_id uuid,
    kind         text        not null,
    viewers      text[]      not null default '{}',
    dropped      text[]      not null default '{}',
    payload      jsonb,
    created_at   timestamptz not null default now()
);

-- Wakes every dashboard instance (each LISTENs on one connection) when a change commits.
create function notify_dashboard_change() returns trigger language plpgsql as $$
begin
    perform pg_notify('dashboard_changes', new.id::text);
    return null;
end $$;

create trigger changes_notify after insert on changes
    for each row execute function notify_dashboard_change();
