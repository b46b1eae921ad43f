-- Optional TOTP second factor for staff (RFC 6238) with one-time recovery codes.

-- The secret is what the authenticator app holds; it must be readable to check a code, so it is stored as is (the
-- database is the trust boundary, as for the session table). The pending secret lives only between "set up" and
-- "confirm"; totp_last_step is the RFC 6238 time step of the last accepted code, so a code works once.
alter table staff_users add column totp_secret bytea;
alter table staff_users add column totp_enabled_at timestamptz;
alter table staff_users add column totp_last_step bigint;
alter table staff_users add column totp_pending_secret bytea;

-- Ten codes per enrolment, 50 random bits each: SHA-256 is enough (a slow hash guards guessable secrets only).
create table staff_recovery_codes (
  code_hash bytea primary key,
  staff_user_id uuid not null references staff_users (id) on delete cascade,
  created_at timestamptz not null default now(),
  used_at timestamptz
);
create index staff_recovery_codes_user_idx on staff_recovery_codes (staff_user_id);
