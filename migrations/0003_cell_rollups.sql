-- Two more cell rollups beside rollup_cell_day: a finer one (50 m × day × hour × category × setting) for filters by hour
-- and setting and for 250 m cells, and a coarser one (100 m × month) so a year-long map reads one row per cell and month;
-- plus indexes for per-neighbourhood reads and the report list.

-- 50 m cells nest exactly in every offered cell size (100, 200, 250, 500, 1000 m); 100 m cells do not nest in 250 m.
-- Weekday is not a column: it is extract(dow from day), the same local day the report was counted on.
create table rollup_cell_hour (
  municipality_code text not null,
  day date not null,
  cell50_x integer not null,
  cell50_y integer not null,
  hour smallint not null check (hour between 0 and 23),
  category text not null,
  setting text not null,
  n integer not null,
  primary key (municipality_code, day, cell50_x, cell50_y, hour, category, setting)
);

-- All reports per 100 m cell and local calendar month. Its size is bounded by cells × months whatever the report
-- volume, where day × category rows grow almost one per report once a city reports a lot. Periods that do not
-- start or end on a month boundary take their edge days from rollup_cell_day.
create table rollup_cell_month (
  municipality_code text not null,
  month date not null check (extract(day from month) = 1),
  cell_x integer not null,
  cell_y integer not null,
  n integer not null,
  primary key (municipality_code, month, cell_x, cell_y)
);

-- Existing reports are counted in; from now on intake keeps both current in the report's own transaction.
insert into rollup_cell_hour (municipality_code, day, cell50_x, cell50_y, hour, category, setting, n)
select municipality_code, local_day,
       floor(ST_X(ST_Transform(location, 28992)) / 50)::int, floor(ST_Y(ST_Transform(location, 28992)) / 50)::int,
       local_hour, category, setting, count(*)::int
from reports
group by 1, 2, 3, 4, 5, 6, 7;

insert into rollup_cell_month (municipality_code, month, cell_x, cell_y, n)
select municipality_code, date_trunc('month', local_day)::date, cell_x, cell_y, count(*)::int
from reports
group by 1, 2, 3, 4;

create index reports_neighbourhood_day_idx on reports (municipality_code, neighbourhood_code, local_day);
create index reports_municipality_occurred_idx on reports (municipality_code, occurred_from desc, id desc);
