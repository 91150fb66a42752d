-- Agents: who owns them, how they run, and their pilot steps exactly as the API accepts them.
create table agents (
    id           uuid primary key,
    owner        text        not null,
    name         text        not null,
    description  text,
    mode         text        not null,
    schedule     text,
    timezone     text        not null,
    pilot_steps  jsonb       not null,
    -- The next cron tick of a scheduled agent; schedulers claim due rows with SKIP LOCKED.
    next_fire_at timestamptz,
    created_at   timestamptz not null,
    updated_at   timestamptz not null
);
create index agents_by_owner on agents (owner, created_at desc);
create index agents_due on agents (next_fire_at) where next_fire_at is not null;

-- One run of an agent on a snapshot of its steps; also the durable work queue of the workers.
create table workflow_executions (
    id                  uuid primary key,
    agent_id            uuid        not null,
    agent_name          text        not null,
    agent_description   text,
    owner               text        not null,
    mode                text        not null,
    trigger             text        not null,
    pilot_steps         jsonb       not null,
    -- Everyone named on an approval step: they may read the execution.
    approvers           text[]      not null,
    status              text        not null,
    -- current_step and completed_steps, as the dashboard reads them.
    execution_state     jsonb       not null,
    next_step_index     int         not null,
    attempt             int         not null default 0,
    failures            int         not null default 0,
    step_started_at     timestamptz,
    last_error          text,
    -- Counter behind each event's sequence; bumped in the transaction that appends the event.
    event_sequence      bigint      not null,
    -- A running execution is claimable once run_at has passed (a claim pushes it to lease_until).
    run_at              timestamptz,
    lease_owner         text,
    lease_token         uuid,
    lease_until         timestamptz,
    pause_requested_by  text,
    approval_id         uuid,
    approval_expires_at timestamptz,
    -- An ApprovalResolved that arrived while paused, applied on resume.
    pending_resolution  jsonb,
    failure_reason      text,
    failure_step_id     text,
    failure_error       text,
    created_at          timestamptz not null,
    finished_at         timestamptz
);
create index executions_runnable on workflow_executions (run_at) where status = 'running';
create index executions_by_owner on workflow_executions (owner, created_at desc);
create index executions_by_agent on workflow_executions (agent_id, created_at desc);

-- One row per finished step: the primary key makes completing a step twice impossible.
create table step_history (
    execution_id uuid        not null references workflow_executions (id) on delete cascade,
    step_index   int         not null,
    step_id      text        not null,
    status       text        not null,
    started_at   timestamptz,
    finished_at  timestamptz not null,
    attempts     int         not null,
    error        text,
    primary key (execution_id, step_index)
);
