-- Sharded rollup and cap counters: concurrent reports for the same cell, hour and category no longer queue on one row.
-- Intake adds 1 to a random one of 8 shards per key; every reader already sums n, so reads are unchanged. Without
-- this, a burst (a campaign on television: same hour, same category, same place) serialised every intake
-- transaction on the row lock of one counter until commit.

alter table rollup_cell_day add column shard smallint not null default 0;
alter table rollup_cell_day drop constraint rollup_cell_day_pkey;
alter table rollup_cell_day add primary key (municipality_code, day, cell_x, cell_y, category, shard);

alter table rollup_hour_day add column shard smallint not null default 0;
alter table rollup_hour_day drop constraint rollup_hour_day_pkey;
alter table rollup_hour_day add primary key (municipality_code, day, hour, category, setting, shard);

alter table rollup_cell_hour add column shard smallint not null default 0;
alter table rollup_cell_hour drop constraint rollup_cell_hour_pkey;
alter table rollup_cell_hour add primary key (municipality_code, day, cell50_x, cell50_y, hour, category, setting, shard);

alter table rollup_cell_month add column shard smallint not null default 0;
alter table rollup_cell_month drop constraint rollup_cell_month_pkey;
alter table rollup_cell_month add primary key (municipality_code, month, cell_x, cell_y, shard);

alter table intake_hourly add column shard smallint not null default 0;
alter table intake_hourly drop constraint intake_hourly_pkey;
alter table intake_hourly add primary key (municipality_code, hour, shard);
