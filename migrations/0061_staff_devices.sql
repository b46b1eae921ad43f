-- Devices that signed in before. A per-account back-off after failed sign-ins would let anyone who knows an email
-- address keep its owner out; a browser that already signed in to the account (it holds a random token, stored here
-- only as its SHA-256) is exempt from that back-off, so guessing from elsewhere cannot lock the owner out.
create table staff_devices (
  token_hash bytea primary key,
  staff_user_id uuid not null references staff_users (id) on delete cascade,
  created_at timestamptz not null default now(),
  last_used_at timestamptz not null default now()
);
create index staff_devices_user_idx on staff_devices (staff_user_id);

-- locked_until keeps its name but now means "no sign-in attempt before": an exponential back-off, not a lock.
comment on column staff_users.locked_until is 'No sign-in attempt is checked before this time (exponential back-off after failures), except from a known device';
comment on column staff_users.failed_logins is 'Failed sign-in attempts since the last success, counted before the password is checked';
