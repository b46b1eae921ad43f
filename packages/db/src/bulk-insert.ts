// Inserts many reports in one statement (demo data, benchmarks, imports): routed by point-in-polygon, rollups added once.
import type { Queryable } from './database.js'
import { localTimeParts, PRECISION_SNAP_METRES, representativeTime, type ReportRow } from './reports-repository.js'

const BULK_SQL = `
with input as (
  select * from jsonb_to_recordset($1::jsonb) as t(
    id uuid, lon float8, lat float8, snap float8, occurred_from timestamptz, occurred_to timestamptz, received_at timestamptz,
    precision text, category text, setting text, role text, urgent boolean, age_band text, gender text, groups text[],
    description text, heard_via text, campaign_code text, day date, hour smallint, weekday smallint, receipt_hash text)
), routed as (
  select i.*, m.code as municipality_code, ST_SetSRID(ST_MakePoint(i.lon, i.lat), 4326) as wgs,
         ST_Transform(ST_SetSRID(ST_MakePoint(i.lon, i.lat), 4326), 28992) as rd
  from input i
  join lateral (select code from municipalities where ST_Intersects(boundary, ST_SetSRID(ST_MakePoint(i.lon, i.lat), 4326)) order by code limit 1) m on true
), placed as (
  select r.*, case when snap > 0
           then ST_Transform(ST_SetSRID(ST_MakePoint((floor(ST_X(rd) / snap) + 0.5) * snap, (floor(ST_Y(rd) / snap) + 0.5) * snap), 28992), 4326)
           else wgs end as stored
  from routed r
), cells as (
  select p.*, ST_X(ST_Transform(p.stored, 28992)) as sx, ST_Y(ST_Transform(p.stored, 28992)) as sy from placed p
), ins as (
  insert into reports (municipality_code, id, received_at, occurred_from, occurred_to, location, location_precision,
    category, setting, reporter_role, urgent, age_band, gender, identity_groups, description, heard_via, campaign_code,
    neighbourhood_code, cell_x, cell_y, local_day, local_hour, local_weekday)
  select p.municipality_code, p.id, coalesce(p.received_at, now()), p.occurred_from, p.occurred_to, p.stored, p.precision,
    p.category, p.setting, p.role, p.urgent, p.age_band, p.gender, coalesce(p.groups, '{}'), p.description, p.heard_via, p.campaign_code,
    (select n.code from neighbourhoods n where n.municipality_code = p.municipality_code and ST_Intersects(n.boundary, p.wgs) order by n.code limit 1),
    floor(p.sx / 100)::int, floor(p.sy / 100)::int,
    p.day, p.hour, p.weekday
  from cells p
  returning municipality_code, id, cell_x, cell_y, local_day, local_hour, local_weekday, category, setting
), rc as (
  insert into receipts (receipt_hash, municipality_code, report_id)
  select decode(p.receipt_hash, 'hex'), ins.municipality_code, ins.id from ins join placed p on p.id = ins.id
), r1 as (
  insert into rollup_cell_day as r (municipality_code, day, cell_x, cell_y, category, n)
  select municipality_code, local_day, cell_x, cell_y, category, count(*) from ins group by 1, 2, 3, 4, 5
  on conflict (municipality_code, day, cell_x, cell_y, category, shard) do update set n = r.n + excluded.n
), r2 as (
  insert into rollup_hour_day as r (municipality_code, day, hour, weekday, category, setting, n)
  select municipality_code, local_day, local_hour, local_weekday, category, setting, count(*) from ins group by 1, 2, 3, 4, 5, 6
  on conflict (municipality_code, day, hour, category, setting, shard) do update set n = r.n + excluded.n
), r3 as (
  -- 50 m cells nest in every offered hotspot cell size, including 250 m.
  insert into rollup_cell_hour as r (municipality_code, day, cell50_x, cell50_y, hour, category, setting, n)
  select ins.municipality_code, ins.local_day, floor(p.sx / 50)::int, floor(p.sy / 50)::int, ins.local_hour, ins.category, ins.setting, count(*)
  from ins join cells p on p.id = ins.id group by 1, 2, 3, 4, 5, 6, 7
  on conflict (municipality_code, day, cell50_x, cell50_y, hour, category, setting, shard) do update set n = r.n + excluded.n
), r4 as (
  insert into rollup_cell_month as r (municipality_code, month, cell_x, cell_y, n)
  select municipality_code, date_trunc('month', local_day)::date, cell_x, cell_y, count(*) from ins group by 1, 2, 3, 4
  on conflict (municipality_code, month, cell_x, cell_y, shard) do update set n = r.n + excluded.n
)
select count(*)::int as n from ins`

/** Inserts reports in chunks; points outside every municipality are skipped. Returns how many were stored. */
export async function insertReportsBulk(tx: Queryable, rows: readonly ReportRow[], chunkSize = 2000): Promise<number> {
  let stored = 0
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize).map((r) => {
      const t = localTimeParts(representativeTime(r.occurredFrom, r.occurredTo))
      return {
        id: r.id,
        lon: r.lon,
        lat: r.lat,
        snap: PRECISION_SNAP_METRES[r.precision],
        occurred_from: r.occurredFrom.toISOString(),
        occurred_to: r.occurredTo.toISOString(),
        received_at: r.receivedAt?.toISOString() ?? null,
        precision: r.precision,
        category: r.category,
        setting: r.setting,
        role: r.role,
        urgent: r.urgent,
        age_band: r.ageBand ?? null,
        gender: r.gender ?? null,
        groups: r.groups,
        description: r.description ?? null,
        heard_via: r.heardVia ?? null,
        campaign_code: r.campaignCode ?? null,
        day: t.day,
        hour: t.hour,
        weekday: t.weekday,
        receipt_hash: Buffer.from(r.receiptHash).toString('hex'),
      }
    })
    const [row] = await tx.query<{ n: number }>(BULK_SQL, [JSON.stringify(chunk)])
    stored += row?.n ?? 0
  }
  return stored
}
