-- Approvals bound to a proposal (issue 10): what the agent proposes, whether approvers may amend
-- it, the schema an amendment must satisfy, and the revision the proposal is at (1 as proposed).
alter table approval_requests add column proposal jsonb;
alter table approval_requests add column editable boolean not null default false;
alter table approval_requests add column proposal_schema jsonb;
alter table approval_requests add column revision integer not null default 1;

-- Every revision of a proposal, kept for the record: who made it and when (revision 1: the agent).
create table approval_revisions (
    approval_id uuid        not null references approval_requests (approval_id),
    revision    integer     not null,
    proposal    jsonb       not null,
    author      text,
    created_at  timestamptz not null default now(),
    primary key (approval_id, revision)
);

-- Each answer records the revision it answered; an amendment dismisses the answers to earlier
-- revisions (kept, no longer counted), and their approvers may answer again. One live answer per
-- approver and approval is still all the database accepts.
alter table approval_responses add column revision integer not null default 1;
alter table approval_responses add column dismissed boolean not null default false;
alter table approval_responses drop constraint approval_responses_pkey;
alter table approval_responses add primary key (approval_id, approver, revision);
create unique index approval_responses_live on approval_responses (approval_id, approver)
    where not dismissed;
