-- The W3C trace context (traceparent) of what queued the event, sent as the Kafka record's
-- traceparent header so consumers continue the execution's trace. Null when tracing is off.
alter table outbox_events add column traceparent text;
