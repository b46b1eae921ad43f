-- The words next to these columns in 0001_init.sql say a report counts on the day of occurred_from. Every writer
-- (and so every rollup) uses the local time of the middle of the window instead: a report of 22:00 to 02:00 counts at
-- midnight, on the later day. An applied migration cannot be edited, so the catalogue comments below correct it.
comment on column reports.local_day is
  'Local (Europe/Amsterdam) calendar day of the middle of [occurred_from, occurred_to]: the day the report counts on in rollups and filters.';
comment on column reports.local_hour is
  'Local (Europe/Amsterdam) hour 0-23 of the middle of [occurred_from, occurred_to].';
comment on column reports.local_weekday is
  'Local (Europe/Amsterdam) weekday (0 = Sunday) of the middle of [occurred_from, occurred_to].';
