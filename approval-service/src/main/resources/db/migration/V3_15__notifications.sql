-- Notifications to approvers (issue 15): an outbox of their own, written in the transaction that
-- opens, reminds or escalates an approval, and delivered by NotificationDelivery. One row per
-- recipient and channel, so a failing channel retries alone and never holds back another.
create table notifications (
    notification_id uuid        primary key,
    approval_id     uuid        not null,
    recipient       text        not null,
    kind            text        not null,
    channel         text        not null,
    -- What the notification says, as it was when it was enqueued (agent, step, reason, proposal).
    notice          jsonb       not null,
    created_at      timestamptz not null default now(),
    attempts        integer     not null default 0,
    -- When an instance may (re)try it; a claim moves it to the end of the claim's lease, so a
    -- crashed sender's notification is sent again (at least once), never by two at a time.
    next_attempt_at timestamptz not null default now(),
    sent_at         timestamptz,
    -- Set when the notification was given up (attempts exhausted, or it can never be sent).
    failed_at       timestamptz,
    last_error      text
);

-- What the delivery poller claims.
create index notifications_due on notifications (next_attempt_at)
    where sent_at is null and failed_at is null;
create index notifications_approval on notifications (approval_id);

-- Signed approve/reject links are single-use: the id of every link that recorded an answer.
create table used_link_tokens (
    token_id    uuid        primary key,
    approval_id uuid        not null,
    approver    text        not null,
    used_at     timestamptz not null default now()
);
