-- Agents that carry data (issue 10).

-- What a run's inputs must satisfy (a JSON Schema) and the inputs of scheduled runs.
alter table agents add column input_schema jsonb;
alter table agents add column default_inputs jsonb;

-- A run's inputs, written with the run and never changed; templates read them.
create table execution_inputs (
    execution_id uuid primary key references workflow_executions (id) on delete cascade,
    inputs       jsonb not null
);

-- What each finished step produced; later steps' templates read them, the API shows them. Kept
-- beside the execution row so the hot step transition does not rewrite them.
create table step_outputs (
    execution_id uuid  not null references workflow_executions (id) on delete cascade,
    step_id      text  not null,
    output       jsonb not null,
    primary key (execution_id, step_id)
);
