-- Staff accounts run from the dashboard: one-time sign-in links (invitations and password resets) and the last sign-in.

-- An invited account has no password yet: it cannot sign in until its link is used.
alter table staff_users alter column password_hash drop not null;
alter table staff_users add column last_sign_in_at timestamptz;
alter table staff_users add column invited_at timestamptz;

-- The link carries a random token; only its SHA-256 is stored. A link works once (used_at) and until expires_at.
-- A new link for the same account (a reset) deletes the older ones.
create table staff_sign_in_links (
  token_hash bytea primary key,
  staff_user_id uuid not null references staff_users (id) on delete cascade,
  purpose text not null check (purpose in ('invite', 'reset')),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index staff_sign_in_links_user_idx on staff_sign_in_links (staff_user_id);
