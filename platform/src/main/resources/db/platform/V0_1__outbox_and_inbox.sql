-- Events waiting to be relayed to Kafka. Written in the same transaction as the state change
-- they describe; deleted once the broker has acknowledged them.
create table outbox_events (
    id           bigserial primary key,
    topic        text        not null,
    message_key  text        not null,
    event_id     uuid        not null,
    event_type   text        not null,
    schema_version int       not null,
    occurred_at  timestamptz not null,
    payload      text        not null
);

-- Wakes the relay (on any instance) as soon as the writing transaction commits.
create function notify_outbox() returns trigger language plpgsql as $$
begin
    perform pg_notify('outbox_' || current_schema(), '');
    return null;
end $$;

create trigger outbox_events_notify after insert on outbox_events
    for each statement execute function notify_outbox();

-- Events a consumer has already applied: the primary key makes redelivery a no-op.
create table processed_events (
    consumer     text        not null,
    event_id     uuid        not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, event_id)
);
