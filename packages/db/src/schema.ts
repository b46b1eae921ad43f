// Drizzle table definitions mirroring migrations/*.sql (the SQL files are the source of truth for DDL).
import { bigint, boolean, customType, date, geometry, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core'

const bytea = customType<{ data: Uint8Array }>({ dataType: () => 'bytea' })

export const municipalities = pgTable('municipalities', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  population: integer('population'),
  settings: jsonb('settings').notNull().$type<Record<string, unknown>>(),
})

export const neighbourhoods = pgTable('neighbourhoods', {
  code: text('code').primaryKey(),
  municipalityCode: text('municipality_code').notNull(),
  name: text('name').notNull(),
})

export const reports = pgTable(
  'reports',
  {
    municipalityCode: text('municipality_code').notNull(),
    id: uuid('id').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    occurredFrom: timestamp('occurred_from', { withTimezone: true }).notNull(),
    occurredTo: timestamp('occurred_to', { withTimezone: true }).notNull(),
    location: geometry('location', { type: 'point', mode: 'xy', srid: 4326 }).notNull(),
    locationPrecision: text('location_precision').notNull(),
    category: text('category').notNull(),
    setting: text('setting').notNull(),
    reporterRole: text('reporter_role').notNull(),
    urgent: boolean('urgent').notNull(),
    ageBand: text('age_band'),
    gender: text('gender'),
    identityGroups: text('identity_groups').array().notNull(),
    description: text('description'),
    descriptionPurgedAt: timestamp('description_purged_at', { withTimezone: true }),
    heardVia: text('heard_via'),
    campaignCode: text('campaign_code'),
    neighbourhoodCode: text('neighbourhood_code'),
    cellX: integer('cell_x').notNull(),
    cellY: integer('cell_y').notNull(),
    localDay: date('local_day').notNull(),
    localHour: smallint('local_hour').notNull(),
    localWeekday: smallint('local_weekday').notNull(),
    status: text('status').notNull(),
  },
  (t) => [primaryKey({ columns: [t.municipalityCode, t.id] })],
)

export const receipts = pgTable('receipts', {
  receiptHash: bytea('receipt_hash').primaryKey(),
  municipalityCode: text('municipality_code').notNull(),
  reportId: uuid('report_id').notNull(),
})

export const reportAdditions = pgTable(
  'report_additions',
  {
    municipalityCode: text('municipality_code').notNull(),
    reportId: uuid('report_id').notNull(),
    id: uuid('id').notNull(),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull(),
    text: text('text'),
    textPurgedAt: timestamp('text_purged_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.municipalityCode, t.reportId, t.id] })],
)

export const rollupCellDay = pgTable(
  'rollup_cell_day',
  {
    municipalityCode: text('municipality_code').notNull(),
    day: date('day').notNull(),
    cellX: integer('cell_x').notNull(),
    cellY: integer('cell_y').notNull(),
    category: text('category').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.municipalityCode, t.day, t.cellX, t.cellY, t.category] })],
)

export const rollupHourDay = pgTable(
  'rollup_hour_day',
  {
    municipalityCode: text('municipality_code').notNull(),
    day: date('day').notNull(),
    hour: smallint('hour').notNull(),
    weekday: smallint('weekday').notNull(),
    category: text('category').notNull(),
    setting: text('setting').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.municipalityCode, t.day, t.hour, t.category, t.setting] })],
)

export const idempotencyKeys = pgTable('idempotency_keys', {
  key: text('key').primaryKey(),
  fingerprint: text('fingerprint').notNull(),
  municipalityCode: text('municipality_code'),
  responseStatus: integer('response_status').notNull(),
  responseBody: text('response_body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
})

export const rollupCellHour = pgTable(
  'rollup_cell_hour',
  {
    municipalityCode: text('municipality_code').notNull(),
    day: date('day').notNull(),
    cell50X: integer('cell50_x').notNull(),
    cell50Y: integer('cell50_y').notNull(),
    hour: smallint('hour').notNull(),
    category: text('category').notNull(),
    setting: text('setting').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.municipalityCode, t.day, t.cell50X, t.cell50Y, t.hour, t.category, t.setting] })],
)

export const rollupCellMonth = pgTable(
  'rollup_cell_month',
  {
    municipalityCode: text('municipality_code').notNull(),
    month: date('month').notNull(),
    cellX: integer('cell_x').notNull(),
    cellY: integer('cell_y').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.municipalityCode, t.month, t.cellX, t.cellY] })],
)

export const staffUsers = pgTable('staff_users', {
  id: uuid('id').primaryKey(),
  email: text('email').notNull(),
  municipalityCode: text('municipality_code'),
  role: text('role').notNull(),
  passwordHash: text('password_hash').notNull(),
  failedLogins: integer('failed_logins').notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
})

export const staffSessions = pgTable('staff_sessions', {
  tokenHash: bytea('token_hash').primaryKey(),
  staffUserId: uuid('staff_user_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
})

export const auditLog = pgTable('audit_log', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  staffUserId: uuid('staff_user_id'),
  municipalityCode: text('municipality_code'),
  action: text('action').notNull(),
  resource: text('resource'),
  detail: jsonb('detail').notNull().$type<Record<string, unknown>>(),
})
