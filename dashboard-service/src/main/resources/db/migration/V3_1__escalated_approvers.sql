-- An escalation (ApprovalEscalated, issue 15) widens who may answer a pending approval: the tally
-- keeps the whole wider set, so the escalated-to users see the run and find it in their inbox.
alter table approvals add column escalated_approvers text[] not null default '{}';
