-- Outbox rows the broker can never take (larger than its record limit, or not turnable into a
-- record at all). The relay moves them here instead of retrying them forever, so one bad row
-- never holds back every later event. Kept for an operator to inspect; nothing reads them back.
create table outbox_dead_letters (
    id             bigint      primary key,
    topic          text        not null,
    message_key    text        not null,
    event_id       uuid        not null,
    event_type     text        not null,
    schema_version int         not null,
    occurred_at    timestamptz not null,
    payload        text        not null,
    reason         text        not null,
    dead_lettered_at timestamptz not null default now()
);
