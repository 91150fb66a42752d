-- The W3C trace context (traceparent) the approval was opened in: the span that consumed its
-- ApprovalRequested, in the execution's trace. Answers and the timeout continue it. Null when
-- tracing is off.
alter table approval_requests add column traceparent text;
