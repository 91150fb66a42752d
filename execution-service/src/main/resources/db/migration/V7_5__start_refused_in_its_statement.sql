-- A manual start is one statement in autocommit (no BEGIN and COMMIT round trips of its own). When
-- the owner's active limit refuses it, the statement must undo what it already wrote, so it fails:
-- the start's statement calls this in place of returning "refused", and the service maps the error
-- code to the refusal. VOLATILE, so it is evaluated only when the refusal is reached.
create function refuse_start_over_active_limit(run_owner text, active_limit integer) returns boolean
  language plpgsql volatile as $$
begin
  raise exception 'owner % already has more than % active executions', run_owner, active_limit
    using errcode = 'PA429';
end
$$;
