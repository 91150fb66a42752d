-- One NOTIFY per append instead of one per change row. Listeners never read the payload to know
-- what to fetch (they read the feed after the last id they delivered), but every notification is
-- a queue entry that PostgreSQL writes at commit and that every listening backend of the database
-- (each service's) reads and skips or forwards: a batch of N changes cost N of each. The payload
-- is the append's last id, so a notification still says how far the feed has come.
create or replace function notify_dashboard_change() returns trigger language plpgsql as $$
declare
    last_id bigint;
begin
    select max(id) into last_id from appended;
    if last_id is not null then
        perform pg_notify('dashboard_changes', last_id::text);
    end if;
    return null;
end $$;

drop trigger changes_notify on changes;
create trigger changes_notify after insert on changes
    referencing new table as appended
    for each statement execute function notify_dashboard_change();
