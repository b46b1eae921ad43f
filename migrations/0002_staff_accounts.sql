-- Staff accounts, their sessions (token hashes only) and the audit log of data access; none of it holds reporter data.

-- A national account has no municipality and sees aggregates only; every other role belongs to one municipality.
create table staff_users (
  id uuid primary key,
  email text not null,
  municipality_code text references municipalities (code),
  role text not null check (role in ('analyst', 'campaign', 'admin', 'national')),
  -- scrypt$N$r$p$salt$hash (base64url): the parameters travel with the hash so they can be raised later.
  password_hash text not null,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  created_at timestamptz not null default now(),
  check ((role = 'national') = (municipality_code is null)),
  check (email = lower(email))
);
create unique index staff_users_email_idx on staff_users (email);

-- The cookie carries a random token; only its SHA-256 is stored, so a database leak yields no usable session.
create table staff_sessions (
  token_hash bytea primary key,
  staff_user_id uuid not null references staff_users (id) on delete cascade,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  -- Absolute end of the session, however active it is; idle expiry is checked against last_seen_at.
  expires_at timestamptz not null
);
create index staff_sessions_user_idx on staff_sessions (staff_user_id);

-- Who read or exported what, when. Accounts are disabled rather than deleted, so the actor stays known.
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  staff_user_id uuid references staff_users (id),
  municipality_code text,
  action text not null,
  resource text,
  -- Filters, counts and report ids: never a report's content.
  detail jsonb not null default '{}'::jsonb
);
create index audit_log_municipality_at_idx on audit_log (municipality_code, at);
