-- Inbox rows are pruned by age (InboxPruning): the index keeps each small batch a short scan.
create index processed_events_processed_at on processed_events (processed_at);
