-- Approver groups and the approval policy (issue 15). approvers stays the set who may answer: the
-- users the step named plus its groups' members at request time, widened by an escalation.
alter table approval_requests add column approver_groups jsonb;
alter table approval_requests add column on_timeout text not null default 'fail'
    check (on_timeout in ('fail', 'reject', 'approve'));
-- True when the request resolved because it expired (whatever on_timeout made of it).
alter table approval_requests add column timed_out boolean not null default false;

-- The reminders and the escalation of a request, planned from its ApprovalRequested. A stage fires
-- once: the sweep claims due rows with SKIP LOCKED and sets fired_at in the transaction that
-- publishes its event. Unfired stages of a request are deleted when it resolves.
create table approval_stages (
    approval_id uuid        not null references approval_requests (approval_id),
    stage       text        not null check (stage in ('reminder', 'escalation')),
    number      integer     not null,
    due_at      timestamptz not null,
    -- escalation: the users it adds and the groups they came from (as requested)
    planned     text[],
    groups      jsonb,
    fired_at    timestamptz,
    -- who was reminded, or who was added, when it fired
    notified    text[],
    primary key (approval_id, stage, number)
);

create index approval_stages_due on approval_stages (due_at) where fired_at is null;
