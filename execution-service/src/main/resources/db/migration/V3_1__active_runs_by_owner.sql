-- Every start counts the owner's active runs (the per-owner limit). Through executions_by_owner
-- that count visited every run the owner ever had; this index holds only the active ones, so it
-- costs what the limit allows, not the owner's history. status already appears in an index
-- predicate (executions_runnable), so step transitions that keep the status stay HOT updates.
create index executions_active_by_owner on workflow_executions (owner)
    where status in ('running', 'waiting_approval', 'paused');
