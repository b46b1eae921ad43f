-- The audit log can be added to and read, never changed or emptied: not by the application role, not by an
-- administrator in the dashboard, and not by the connection's own (owning) role, which a trigger stops as well
-- as a missing grant would. Only a superuser who disables triggers for a session (the test helper's reset) or who
-- drops the trigger can get around it, and that is a database administrator's act outside the product.

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'the audit log cannot be changed or deleted (% refused)', tg_op
    using errcode = 'insufficient_privilege', hint = 'Entries are only ever added (migrations/0156).';
end
$$;

create trigger audit_log_no_change before update or delete on audit_log
  for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();

-- Administrators read their own municipality's entries in the dashboard, under the same row-level security.
revoke update, delete, truncate on audit_log from meldpunt_app;
grant select on audit_log to meldpunt_app;
