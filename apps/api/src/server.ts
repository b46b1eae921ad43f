// Process entry: reads the environment, opens and migrates the database, seeds demo data if asked, listens, shuts down cleanly.
import { createDatabase, loadMunicipalities, runMigrations } from '@meldpunt/db'
import { buildApp } from './app.js'
import { ConfigError, loadConfig } from './config.js'
import { seedDemoIfEmpty } from './demo/seed.js'
import { createDemoStaff } from './demo/demo-staff.js'
import { startRetentionSchedule } from './modules/retention/service.js'
import { createShutdown, installSignalHandlers } from './shutdown.js'

async function main(): Promise<void> {
  const config = loadConfig()
  const database = await createDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: config.DB_POOL_SIZE,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    connectionTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
  })
  if (config.MIGRATE_ON_START) {
    await runMigrations(database)
    await loadMunicipalities(database)
  }
  const app = await buildApp({ config, database })
  const retention = startRetentionSchedule({
    db: database,
    log: app.log,
    intervalMinutes: config.RETENTION_INTERVAL_MINUTES,
    idempotencyKeyTtlDays: config.IDEMPOTENCY_KEY_TTL_DAYS,
    onRun: (run) => run.purged.forEach((p) => app.metrics.retentionPurged.inc({ kind: p.kind }, p.count)),
    jobs: app.jobs,
  })
  installSignalHandlers(createShutdown({ app, database, timeoutMs: config.SHUTDOWN_TIMEOUT_MS, stopJobs: () => retention.stop() }))
  if (config.SEED_DEMO ?? database.kind === 'pglite') {
    const seeded = await seedDemoIfEmpty(database)
    if (seeded) {
      app.log.info({ reports: seeded.reports }, 'seeded demo data')
      const logins = await createDemoStaff(database)
      // On the console, not in the structured log: shown once to the person who started the demo.
      console.log(`\nDemo staff sign-in at /staff/ (demo data only; password shown once):\n${logins.map((l) => `  ${l.email}  ${l.password}  (${l.role}${l.municipality ? ` ${l.municipality}` : ''})`).join('\n')}\n`)
    }
  }

  await app.listen({ port: config.PORT, host: config.HOST })
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message)
    process.exit(2)
  }
  console.error(error)
  process.exit(1)
})
