-- The W3C trace context (traceparent) of what started the run: its start request's span or its
-- scheduler tick's. Written once with the run; the spans of its steps, run later by any worker,
-- continue it. Null when tracing is off.
alter table workflow_executions add column traceparent text;
