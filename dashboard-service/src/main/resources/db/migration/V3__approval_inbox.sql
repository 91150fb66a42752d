-- The approver's inbox: what the list of pending approvals shows of each (when it was requested,
-- when it times out, the start of the agent's proposal) and who may not answer it (the owner, when
-- self-approval is prevented). Rows stored before keep nulls until their next ApprovalRequested
-- or a rebuild.
alter table executions
    add column approval_requested_at     timestamptz,
    add column approval_expires_at       timestamptz,
    add column approval_prevent_self     boolean not null default false,
    add column approval_proposal_summary text;

-- The inbox asks for the runs waiting for an approval that names the caller.
create index executions_waiting_approvers on executions using gin (approvers)
    where status = 'waiting_approval';
