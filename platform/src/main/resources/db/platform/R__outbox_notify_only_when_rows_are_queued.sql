-- Wakes the relay (on any instance) when a committed statement queued events. A statement that
-- queued none (an outbox insert inside a guarded change whose guard failed) notifies nobody:
-- statement-level triggers fire even for zero rows, so the trigger looks at what was inserted.
-- Nor does a statement that set pilot.outbox_notify to 'off' for its transaction: its instance leads
-- the relay and wakes it in-process after the commit (platform's Outbox), sparing every listening
-- connection of the database a signal and a read of the notification queue.
-- Repeatable: it replaces V0_1's trigger wherever the schema already exists.
create or replace function notify_outbox() returns trigger language plpgsql as $$
begin
    if current_setting('pilot.outbox_notify', true) is distinct from 'off'
            and exists (select 1 from inserted) then
        perform pg_notify('outbox_' || current_schema(), '');
    end if;
    return null;
end $$;

drop trigger if exists outbox_events_notify on outbox_events;
create trigger outbox_events_notify after insert on outbox_events
    referencing new table as inserted
    for each statement execute function notify_outbox();
