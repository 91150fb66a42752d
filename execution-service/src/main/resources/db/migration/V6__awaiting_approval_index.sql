-- Runs waiting for people, for the reconciliation of missed decisions (approval/MissedDecisions).
-- approval_expires_at changes only when an approval is requested or resolved, transitions that
-- change status (already not HOT), so the step transitions keep their HOT updates.
create index executions_awaiting_approval on workflow_executions (approval_expires_at)
    where status = 'waiting_approval';
