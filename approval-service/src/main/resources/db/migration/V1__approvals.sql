-- One row per approval step reached by an execution; created from ApprovalRequested.
create table approval_requests (
    approval_id           uuid        primary key,
    execution_id          uuid        not null,
    step_id               text        not null,
    step_title            text,
    approvers             text[]      not null,
    approval_type         text        not null check (approval_type in ('any', 'all', 'majority')),
    status                text        not null default 'pending'
                                      check (status in ('pending', 'approved', 'rejected', 'timeout', 'cancelled')),
    expires_at            timestamptz,
    reason                text,
    owner                 text,
    prevent_self_approval boolean     not null default false,
    context               jsonb,
    created_at            timestamptz not null default now(),
    resolved_at           timestamptz,
    version               integer     not null default 0
);

create index approval_requests_approvers on approval_requests using gin (approvers);
create index approval_requests_owner on approval_requests (owner, status);
create index approval_requests_execution on approval_requests (execution_id) where status = 'pending';
-- What the expiry sweeper scans every half second.
create index approval_requests_expiry on approval_requests (expires_at) where status = 'pending';

-- One decision per approver and approval: the primary key makes counting one twice impossible.
create table approval_responses (
    approval_id  uuid        not null references approval_requests (approval_id),
    approver     text        not null,
    decision     text        not null check (decision in ('approve', 'reject')),
    comment      text,
    responded_at timestamptz not null default now(),
    primary key (approval_id, approver)
);

-- The per-execution sequence of approval-events, incremented in each event's own transaction.
create table execution_sequences (
    execution_id  uuid   primary key,
    last_sequence bigint not null
);
