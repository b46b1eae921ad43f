-- Issue 13, points 4 and 5: honest counting of uncertain times and coarse places.
--
-- rollup_hour_weight: each report's weight of 1 spread evenly over the local hours its time window touches
-- (aoristic weighting, Ratcliffe 2002), for the weekday × hour grid. rollup_hour_day keeps counting whole reports on
-- the middle of the window for day series, alerts and effects, where a day is the unit.
create table rollup_hour_weight (
  municipality_code text not null,
  day date not null,
  hour smallint not null,
  weekday smallint not null,
  category text not null,
  setting text not null,
  shard smallint not null default 0,
  w double precision not null,
  primary key (municipality_code, day, hour, category, setting, shard)
);

grant select on rollup_hour_weight to meldpunt_app;
alter table rollup_hour_weight enable row level security;
create policy tenant_isolation on rollup_hour_weight to meldpunt_app
  using (municipality_code = current_setting('app.municipality', true))
  with check (municipality_code = current_setting('app.municipality', true));

-- The same hours as aoristicHours in @meldpunt/core: UTC hours [h, h+1) meeting [from, to), at least one.
insert into rollup_hour_weight (municipality_code, day, hour, weekday, category, setting, shard, w)
select r.municipality_code,
       (h.at at time zone 'Europe/Amsterdam')::date,
       extract(hour from h.at at time zone 'Europe/Amsterdam')::smallint,
       extract(dow from h.at at time zone 'Europe/Amsterdam')::smallint,
       r.category, r.setting, 0, sum(1.0 / c.k)
from reports r
cross join lateral (
  select floor(extract(epoch from r.occurred_from) / 3600)::bigint as first,
         greatest(1, ceil(extract(epoch from r.occurred_to) / 3600)::bigint - floor(extract(epoch from r.occurred_from) / 3600)::bigint) as k
) c
cross join lateral (select to_timestamp((c.first + g) * 3600) as at from generate_series(0, c.k - 1) g) h
group by 1, 2, 3, 4, 5, 6;

-- Reports placed only to a 1 km square ('area'): their point is the square's centre, which is a corner of four cells at
-- every offered size, so sub-millimetre rounding chose their cell. The cell rollups now count them in the cell
-- (-1, -1) instead (far outside the Netherlands in RD New, and -1 at every size), which cell answers leave out and
-- report as `leftOutCoarse` (docs/adr/0005). Totals over a rollup still count every report.
--
-- Existing area reports move: for each key they touched, the shards collapse into shard 0 with the total less the
-- area reports (a key left with nothing goes); then the area reports are added at (-1, -1). Their old 50 m cell
-- follows from the stored 100 m cell: the square's centre x = (k + 0.5) km rounds to 100 m cell 10k + 5 (50 m cell
-- 20k + 10) or 10k + 4 (20k + 9), both computed in the application from the same x.
with a as (
  select municipality_code, local_day as day, cell_x, cell_y, category, count(*)::int as n
  from reports where location_precision = 'area' group by 1, 2, 3, 4, 5
), d as (
  delete from rollup_cell_day r using a
  where r.municipality_code = a.municipality_code and r.day = a.day and r.cell_x = a.cell_x and r.cell_y = a.cell_y and r.category = a.category
  returning r.*
)
insert into rollup_cell_day (municipality_code, day, cell_x, cell_y, category, shard, n)
select d.municipality_code, d.day, d.cell_x, d.cell_y, d.category, 0, sum(d.n) - min(a.n)
from d join a using (municipality_code, day, cell_x, cell_y, category)
group by 1, 2, 3, 4, 5 having sum(d.n) - min(a.n) > 0;

with a as (
  select municipality_code, date_trunc('month', local_day)::date as month, cell_x, cell_y, count(*)::int as n
  from reports where location_precision = 'area' group by 1, 2, 3, 4
), d as (
  delete from rollup_cell_month r using a
  where r.municipality_code = a.municipality_code and r.month = a.month and r.cell_x = a.cell_x and r.cell_y = a.cell_y
  returning r.*
)
insert into rollup_cell_month (municipality_code, month, cell_x, cell_y, shard, n)
select d.municipality_code, d.month, d.cell_x, d.cell_y, 0, sum(d.n) - min(a.n)
from d join a using (municipality_code, month, cell_x, cell_y)
group by 1, 2, 3, 4 having sum(d.n) - min(a.n) > 0;

with a as (
  select municipality_code, local_day as day,
         cell_x * 2 + case when cell_x % 10 = 4 then 1 else 0 end as cell50_x,
         cell_y * 2 + case when cell_y % 10 = 4 then 1 else 0 end as cell50_y,
         local_hour as hour, category, setting, count(*)::int as n
  from reports where location_precision = 'area' group by 1, 2, 3, 4, 5, 6, 7
), d as (
  delete from rollup_cell_hour r using a
  where r.municipality_code = a.municipality_code and r.day = a.day and r.cell50_x = a.cell50_x and r.cell50_y = a.cell50_y
    and r.hour = a.hour and r.category = a.category and r.setting = a.setting
  returning r.*
)
insert into rollup_cell_hour (municipality_code, day, cell50_x, cell50_y, hour, category, setting, shard, n)
select d.municipality_code, d.day, d.cell50_x, d.cell50_y, d.hour, d.category, d.setting, 0, sum(d.n) - min(a.n)
from d join a using (municipality_code, day, cell50_x, cell50_y, hour, category, setting)
group by 1, 2, 3, 4, 5, 6, 7 having sum(d.n) - min(a.n) > 0;

insert into rollup_cell_day as r (municipality_code, day, cell_x, cell_y, category, shard, n)
select municipality_code, local_day, -1, -1, category, 0, count(*)::int from reports where location_precision = 'area' group by 1, 2, 5
on conflict (municipality_code, day, cell_x, cell_y, category, shard) do update set n = r.n + excluded.n;

insert into rollup_cell_month as r (municipality_code, month, cell_x, cell_y, shard, n)
select municipality_code, date_trunc('month', local_day)::date, -1, -1, 0, count(*)::int from reports where location_precision = 'area' group by 1, 2
on conflict (municipality_code, month, cell_x, cell_y, shard) do update set n = r.n + excluded.n;

insert into rollup_cell_hour as r (municipality_code, day, cell50_x, cell50_y, hour, category, setting, shard, n)
select municipality_code, local_day, -1, -1, local_hour, category, setting, 0, count(*)::int from reports where location_precision = 'area'
group by 1, 2, 5, 6, 7
on conflict (municipality_code, day, cell50_x, cell50_y, hour, category, setting, shard) do update set n = r.n + excluded.n;
