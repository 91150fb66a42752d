-- Whether the approval has stages (reminders, an escalation). They are planned only when it is
-- opened, so this is set then, and the reads that show an approval skip the query for its stages
-- when it has none (issue 12: most approvals have none).
alter table approval_requests add column staged boolean not null default false;
update approval_requests r set staged = true
where exists (select 1 from approval_stages s where s.approval_id = r.approval_id);
