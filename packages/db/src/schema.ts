// Drizzle declarations of every table the migrations create (migrations/*.sql stay the source of truth for DDL;
// tests/api/drizzle-schema.test.ts holds these to the migrated database). Check constraints are left to the SQL.
import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  customType,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgPolicy,
  pgRole,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core'

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' })

/**
 * PostGIS columns as the database declares them (drizzle's own `geometry` knows only untyped points). Reads give
 * the driver's hex EWKB; queries that need coordinates or GeoJSON ask PostGIS for them (ST_X, ST_AsGeoJSON).
 */
const point = customType<{ data: string }>({ dataType: () => 'geometry(Point,4326)' })
const multiPolygon = customType<{ data: string }>({ dataType: () => 'geometry(MultiPolygon,4326)' })

const timestamptz = (name: string) => timestamp(name, { withTimezone: true })
const day = (name: string) => date(name, { mode: 'string' })

/** Neither owner nor BYPASSRLS: the role staff reads run as (migrations/0004_tenant_rls.sql). */
export const appRole = pgRole('meldpunt_app').existing()
/** May read national aggregates only (migrations/0041_national_reader.sql). */
export const nationalRole = pgRole('meldpunt_national').existing()

/** Each tenant table's policy: the application role sees and writes only the transaction's municipality. */
const tenantIsolation = () =>
  pgPolicy('tenant_isolation', {
    for: 'all',
    to: appRole,
    using: sql`municipality_code = current_setting('app.municipality', true)`,
    withCheck: sql`municipality_code = current_setting('app.municipality', true)`,
  })

export const schemaMigrations = pgTable('schema_migrations', {
  name: text('name').primaryKey(),
  checksum: text('checksum').notNull(),
  appliedAt: timestamptz('applied_at').notNull().defaultNow(),
})

export const municipalities = pgTable(
  'municipalities',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    boundary: multiPolygon('boundary').notNull(),
    population: integer('population'),
    settings: jsonb('settings').notNull().default({}).$type<Record<string, unknown>>(),
  },
  (t) => [index('municipalities_boundary_gix').using('gist', t.boundary)],
)

export const municipalityPopulations = pgTable(
  'municipality_populations',
  {
    code: text('code').notNull(),
    referenceDate: day('reference_date').notNull(),
    population: integer('population').notNull(),
    source: text('source').notNull(),
  },
  (t) => [primaryKey({ columns: [t.code, t.referenceDate] })],
)

export const neighbourhoods = pgTable(
  'neighbourhoods',
  {
    code: text('code').primaryKey(),
    municipalityCode: text('municipality_code').notNull().references(() => municipalities.code),
    name: text('name').notNull(),
    boundary: multiPolygon('boundary').notNull(),
  },
  (t) => [index('neighbourhoods_boundary_gix').using('gist', t.boundary), index('neighbourhoods_municipality_idx').on(t.municipalityCode)],
)

/** How far a municipality's neighbourhood back-fill is (migrations/0064): batches by report id, each committed with it. */
export const neighbourhoodBackfills = pgTable(
  'neighbourhood_backfills',
  {
    municipalityCode: text('municipality_code').primaryKey().references(() => municipalities.code),
    afterId: uuid('after_id'),
    done: integer('done').notNull().default(0),
    total: integer('total').notNull(),
    startedAt: timestamptz('started_at').notNull().defaultNow(),
    finishedAt: timestamptz('finished_at'),
  },
  () => [tenantIsolation()],
)

export const placeLabels = pgTable('place_labels', {
  cellId: text('cell_id').primaryKey(),
  label: text('label').notNull(),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
})

export const reports = pgTable(
  'reports',
  {
    municipalityCode: text('municipality_code').notNull().references(() => municipalities.code),
    id: uuid('id').notNull(),
    receivedAt: timestamptz('received_at').notNull().defaultNow(),
    occurredFrom: timestamptz('occurred_from').notNull(),
    occurredTo: timestamptz('occurred_to').notNull(),
    location: point('location').notNull(),
    locationPrecision: text('location_precision').notNull(),
    category: text('category').notNull(),
    setting: text('setting').notNull(),
    reporterRole: text('reporter_role').notNull(),
    urgent: boolean('urgent').notNull().default(false),
    ageBand: text('age_band'),
    gender: text('gender'),
    identityGroups: text('identity_groups').array().notNull().default(sql`'{}'::text[]`),
    description: text('description'),
    descriptionPurgedAt: timestamptz('description_purged_at'),
    heardVia: text('heard_via'),
    campaignCode: text('campaign_code'),
    neighbourhoodCode: text('neighbourhood_code'),
    cellX: integer('cell_x').notNull(),
    cellY: integer('cell_y').notNull(),
    /** Local day, hour and weekday (0 = Sunday) of the middle of [occurredFrom, occurredTo]. */
    localDay: day('local_day').notNull(),
    localHour: smallint('local_hour').notNull(),
    localWeekday: smallint('local_weekday').notNull(),
    status: text('status').notNull().default('received'),
    /** Who did it, as far as the reporter saw (migrations/0131): optional, never on the public map. */
    offenderCount: text('offender_count'),
    offenderAge: text('offender_age'),
    offenderKnown: text('offender_known'),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityCode, t.id] }),
    index('reports_municipality_day_idx').on(t.municipalityCode, t.localDay),
    index('reports_location_gix').using('gist', t.location),
    index('reports_municipality_occurred_idx').on(t.municipalityCode, t.occurredFrom.desc(), t.id.desc()),
    index('reports_neighbourhood_day_idx').on(t.municipalityCode, t.neighbourhoodCode, t.localDay),
    index('reports_text_retention_idx').on(t.municipalityCode, t.receivedAt).where(sql`description is not null`),
    index('reports_received_municipality_idx').on(t.receivedAt, t.municipalityCode),
    index('reports_cell_day_idx').on(t.cellX, t.cellY, t.municipalityCode, t.localDay),
    tenantIsolation(),
  ],
)

/** A report's own rows (receipt, additions) go with it. */
const ofReport = (t: { municipalityCode: AnyPgColumn; reportId: AnyPgColumn }) =>
  foreignKey({ columns: [t.municipalityCode, t.reportId], foreignColumns: [reports.municipalityCode, reports.id] }).onDelete('cascade')

export const receipts = pgTable(
  'receipts',
  {
    receiptHash: bytea('receipt_hash').primaryKey(),
    municipalityCode: text('municipality_code').notNull(),
    reportId: uuid('report_id').notNull(),
  },
  (t) => [ofReport(t)],
).enableRLS()

export const reportAdditions = pgTable(
  'report_additions',
  {
    municipalityCode: text('municipality_code').notNull(),
    reportId: uuid('report_id').notNull(),
    id: uuid('id').notNull(),
    addedAt: timestamptz('added_at').notNull().defaultNow(),
    text: text('text'),
    textPurgedAt: timestamptz('text_purged_at'),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityCode, t.reportId, t.id] }),
    ofReport(t),
    index('report_additions_text_retention_idx').on(t.municipalityCode, t.addedAt).where(sql`text is not null`),
    tenantIsolation(),
  ],
)

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    key: text('key').primaryKey(),
    fingerprint: text('fingerprint').notNull(),
    municipalityCode: text('municipality_code'),
    responseStatus: integer('response_status').notNull(),
    responseBody: text('response_body').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [index('idempotency_keys_created_idx').on(t.createdAt)],
).enableRLS()

/** Intake's per-municipality hourly counter for the flood cap, sharded like the rollups. */
export const intakeHourly = pgTable(
  'intake_hourly',
  {
    municipalityCode: text('municipality_code').notNull().references(() => municipalities.code),
    hour: timestamptz('hour').notNull(),
    n: integer('n').notNull(),
    shard: smallint('shard').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.municipalityCode, t.hour, t.shard] })],
).enableRLS()

export const rollupCellDay = pgTable(
  'rollup_cell_day',
  {
    municipalityCode: text('municipality_code').notNull(),
    day: day('day').notNull(),
    cellX: integer('cell_x').notNull(),
    cellY: integer('cell_y').notNull(),
    category: text('category').notNull(),
    n: integer('n').notNull(),
    shard: smallint('shard').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.municipalityCode, t.day, t.cellX, t.cellY, t.category, t.shard] }), tenantIsolation()],
)

/** The key of the per-hour rollups (counts by midpoint hour, aoristic weights): local day and hour, category, setting. */
const hourRollupKey = () => ({
  municipalityCode: text('municipality_code').notNull(),
  day: day('day').notNull(),
  hour: smallint('hour').notNull(),
  weekday: smallint('weekday').notNull(),
  category: text('category').notNull(),
  setting: text('setting').notNull(),
  shard: smallint('shard').notNull().default(0),
})

export const rollupHourDay = pgTable(
  'rollup_hour_day',
  { ...hourRollupKey(), n: integer('n').notNull() },
  (t) => [
    primaryKey({ columns: [t.municipalityCode, t.day, t.hour, t.category, t.setting, t.shard] }),
    index('rollup_hour_day_day_idx').on(t.day, t.municipalityCode),
    tenantIsolation(),
    pgPolicy('national_aggregates', { for: 'select', to: nationalRole, using: sql`true` }),
  ],
)

export const rollupCellHour = pgTable(
  'rollup_cell_hour',
  {
    municipalityCode: text('municipality_code').notNull(),
    day: day('day').notNull(),
    cell50X: integer('cell50_x').notNull(),
    cell50Y: integer('cell50_y').notNull(),
    hour: smallint('hour').notNull(),
    category: text('category').notNull(),
    setting: text('setting').notNull(),
    n: integer('n').notNull(),
    shard: smallint('shard').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.municipalityCode, t.day, t.cell50X, t.cell50Y, t.hour, t.category, t.setting, t.shard] }), tenantIsolation()],
)

export const rollupCellMonth = pgTable(
  'rollup_cell_month',
  {
    municipalityCode: text('municipality_code').notNull(),
    month: day('month').notNull(),
    cellX: integer('cell_x').notNull(),
    cellY: integer('cell_y').notNull(),
    n: integer('n').notNull(),
    shard: smallint('shard').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.municipalityCode, t.month, t.cellX, t.cellY, t.shard] }), tenantIsolation()],
)

export const staffUsers = pgTable(
  'staff_users',
  {
    id: uuid('id').primaryKey(),
    email: text('email').notNull(),
    municipalityCode: text('municipality_code').references(() => municipalities.code),
    role: text('role').notNull(),
    passwordHash: text('password_hash'),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamptz('locked_until'),
    disabledAt: timestamptz('disabled_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    lastSignInAt: timestamptz('last_sign_in_at'),
    invitedAt: timestamptz('invited_at'),
    totpSecret: bytea('totp_secret'),
    totpEnabledAt: timestamptz('totp_enabled_at'),
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    totpPendingSecret: bytea('totp_pending_secret'),
  },
  (t) => [uniqueIndex('staff_users_email_idx').on(t.email)],
)

export const staffSessions = pgTable(
  'staff_sessions',
  {
    tokenHash: bytea('token_hash').primaryKey(),
    staffUserId: uuid('staff_user_id').notNull().references(() => staffUsers.id, { onDelete: 'cascade' }),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    lastSeenAt: timestamptz('last_seen_at').notNull().defaultNow(),
    expiresAt: timestamptz('expires_at').notNull(),
  },
  (t) => [index('staff_sessions_user_idx').on(t.staffUserId)],
)

/** Browsers that signed in to an account before: exempt from its sign-in back-off (migrations/0061). */
export const staffDevices = pgTable(
  'staff_devices',
  {
    tokenHash: bytea('token_hash').primaryKey(),
    staffUserId: uuid('staff_user_id').notNull().references(() => staffUsers.id, { onDelete: 'cascade' }),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    lastUsedAt: timestamptz('last_used_at').notNull().defaultNow(),
  },
  (t) => [index('staff_devices_user_idx').on(t.staffUserId)],
)

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamptz('at').notNull().defaultNow(),
    staffUserId: uuid('staff_user_id').references(() => staffUsers.id),
    municipalityCode: text('municipality_code'),
    action: text('action').notNull(),
    resource: text('resource'),
    detail: jsonb('detail').notNull().default({}).$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_log_municipality_at_idx').on(t.municipalityCode, t.at), tenantIsolation()],
)

export const retentionPurges = pgTable(
  'retention_purges',
  {
    municipalityCode: text('municipality_code').notNull().references(() => municipalities.code),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    purgedAt: timestamptz('purged_at').notNull(),
    kind: text('kind').notNull(),
    retentionMonths: integer('retention_months').notNull(),
    cutoff: timestamptz('cutoff').notNull(),
    purgedCount: integer('purged_count').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityCode, t.id] }),
    index('retention_purges_municipality_at_idx').on(t.municipalityCode, t.purgedAt.desc()),
    tenantIsolation(),
  ],
)

/** Who created and last changed a register entry (campaigns, interventions), kept with the entry. */
const authorship = () => ({
  createdBy: uuid('created_by'),
  createdByEmail: text('created_by_email'),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
  updatedByEmail: text('updated_by_email'),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  // migrations/0155: a deleted entry stays, with who deleted it and when; every reader leaves it out.
  deletedAt: timestamptz('deleted_at'),
  deletedBy: uuid('deleted_by'),
  deletedByEmail: text('deleted_by_email'),
})

export const campaigns = pgTable(
  'campaigns',
  {
    municipalityCode: text('municipality_code').notNull().references(() => municipalities.code),
    id: uuid('id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    startsOn: day('starts_on').notNull(),
    endsOn: day('ends_on').notNull(),
    lagDays: smallint('lag_days').notNull().default(14),
    channels: text('channels').array().notNull().default(sql`'{}'::text[]`),
    targetGroups: text('target_groups').array().notNull().default(sql`'{}'::text[]`),
    area: multiPolygon('area'),
    notes: text('notes'),
    ...authorship(),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityCode, t.id] }),
    unique('campaigns_municipality_code_code_key').on(t.municipalityCode, t.code),
    index('campaigns_municipality_starts_idx').on(t.municipalityCode, t.startsOn.desc()),
    tenantIsolation(),
    // migrations/0120: the national reader sees when campaigns ran (column grant), to keep them out of comparison groups.
    pgPolicy('national_campaign_periods', { for: 'select', to: nationalRole, using: sql`true` }),
  ],
)

export const interventions = pgTable(
  'interventions',
  {
    municipalityCode: text('municipality_code').notNull().references(() => municipalities.code),
    id: uuid('id').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    startedOn: day('started_on').notNull(),
    endedOn: day('ended_on'),
    location: point('location'),
    radiusM: integer('radius_m'),
    area: multiPolygon('area'),
    notes: text('notes'),
    ...authorship(),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityCode, t.id] }),
    index('interventions_municipality_started_idx').on(t.municipalityCode, t.startedOn.desc()),
    tenantIsolation(),
  ],
)

/** migrations/0155: each change of a register entry keeps the version it replaced. */
export const registerHistory = pgTable(
  'register_history',
  {
    municipalityCode: text('municipality_code').notNull().references(() => municipalities.code),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    register: text('register').notNull().$type<'campaign' | 'intervention'>(),
    entryId: uuid('entry_id').notNull(),
    change: text('change').notNull().$type<'update' | 'delete'>(),
    fields: text('fields').array().notNull().default(sql`'{}'::text[]`),
    previous: jsonb('previous').notNull().$type<Record<string, unknown>>(),
    changedAt: timestamptz('changed_at').notNull().defaultNow(),
    changedBy: uuid('changed_by'),
    changedByEmail: text('changed_by_email'),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityCode, t.id] }),
    index('register_history_entry_idx').on(t.municipalityCode, t.register, t.entryId, t.changedAt),
    tenantIsolation(),
  ],
)

export const spikeAlerts = pgTable(
  'spike_alerts',
  {
    municipalityCode: text('municipality_code').notNull().references(() => municipalities.code),
    id: uuid('id').notNull(),
    day: day('day').notNull(),
    scope: text('scope').notNull(),
    scopeKey: text('scope_key'),
    method: text('method').notNull(),
    observed: integer('observed').notNull(),
    expected: doublePrecision('expected').notNull(),
    upperBound: doublePrecision('upper_bound').notNull(),
    pValue: doublePrecision('p_value').notNull(),
    signals: jsonb('signals').notNull().default([]),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    deliveredAt: timestamptz('delivered_at'),
    deliveryAttempts: integer('delivery_attempts').notNull().default(0),
    deliveryClaimedUntil: timestamptz('delivery_claimed_until'),
    lastDeliveryError: text('last_delivery_error'),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityCode, t.id] }),
    unique('spike_alerts_municipality_code_day_key').on(t.municipalityCode, t.day),
    index('spike_alerts_undelivered_idx').on(t.municipalityCode, t.createdAt).where(sql`delivered_at is null`),
    tenantIsolation(),
  ],
)

export const alertSettings = pgTable(
  'alert_settings',
  {
    municipalityCode: text('municipality_code').primaryKey().references(() => municipalities.code),
    webhookUrl: text('webhook_url'),
    webhookSecret: text('webhook_secret'),
    updatedBy: uuid('updated_by'),
    updatedByEmail: text('updated_by_email'),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  () => [tenantIsolation()],
)

/** Days the nightly spike check has finished, so a restart does not run it twice. */
export const spikeRuns = pgTable('spike_runs', {
  day: day('day').primaryKey(),
  finishedAt: timestamptz('finished_at').notNull().defaultNow(),
})

/** One municipality's published figures of one quarter, frozen the first time they are asked for (migrations/0060). */
export const publishedQuarters = pgTable(
  'published_quarters',
  {
    municipalityCode: text('municipality_code').notNull().references(() => municipalities.code),
    period: text('period').notNull(),
    figures: jsonb('figures').notNull().$type<unknown>(),
    frozenAt: timestamptz('frozen_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.municipalityCode, t.period] }),
    tenantIsolation(),
    pgPolicy('national_figures', { for: 'select', to: nationalRole, using: sql`true` }),
  ],
)

/** The shared daily secret of the rate-limit key (migrations/0110). */
export const rateLimitSecrets = pgTable('rate_limit_secrets', {
  day: day('day').primaryKey(),
  secret: bytea('secret').notNull(),
}).enableRLS()

/** Shared rate-limit counters, an UNLOGGED table (migrations/0110). */
export const rateLimitHits = pgTable('rate_limit_hits', {
  key: text('key').primaryKey(),
  hits: integer('hits').notNull(),
  expiresAt: timestamptz('expires_at').notNull(),
}).enableRLS()

/** Proof-of-work challenges spent by a stored report (migrations/0110). */
export const powSpent = pgTable('pow_spent', {
  nonce: text('nonce').primaryKey(),
  keyHash: text('key_hash').notNull(),
  expiresAt: timestamptz('expires_at').notNull(),
}).enableRLS()

/** Leases of background jobs, one row per job and run (migrations/0110). */
export const jobLeases = pgTable(
  'job_leases',
  {
    job: text('job').notNull(),
    runKey: text('run_key').notNull(),
    holder: text('holder').notNull(),
    leaseUntil: timestamptz('lease_until').notNull(),
    finishedAt: timestamptz('finished_at'),
  },
  (t) => [primaryKey({ columns: [t.job, t.runKey] })],
).enableRLS()

/** Each report's weight of 1 spread evenly over the local hours its window touches (aoristic; migrations/0130). */
export const rollupHourWeight = pgTable(
  'rollup_hour_weight',
  { ...hourRollupKey(), w: doublePrecision('w').notNull() },
  (t) => [primaryKey({ columns: [t.municipalityCode, t.day, t.hour, t.category, t.setting, t.shard] }), tenantIsolation()],
)

/** One-time sign-in links (invitation, password reset), stored as token hashes (migrations/0140). */
export const staffSignInLinks = pgTable(
  'staff_sign_in_links',
  {
    tokenHash: bytea('token_hash').primaryKey(),
    staffUserId: uuid('staff_user_id').notNull().references(() => staffUsers.id, { onDelete: 'cascade' }),
    purpose: text('purpose').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    expiresAt: timestamptz('expires_at').notNull(),
    usedAt: timestamptz('used_at'),
  },
  (t) => [index('staff_sign_in_links_user_idx').on(t.staffUserId)],
)

/** One-time recovery codes of a staff account's second factor, stored as SHA-256 (migrations/0160). */
export const staffRecoveryCodes = pgTable(
  'staff_recovery_codes',
  {
    codeHash: bytea('code_hash').primaryKey(),
    staffUserId: uuid('staff_user_id').notNull().references(() => staffUsers.id, { onDelete: 'cascade' }),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    usedAt: timestamptz('used_at'),
  },
  (t) => [index('staff_recovery_codes_user_idx').on(t.staffUserId)],
)
