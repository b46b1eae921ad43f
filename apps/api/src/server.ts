// Process entry: reads the environment, opens and migrates the database, seeds demo data if asked, listens, shuts down cleanly.
import { createDatabase, loadMunicipalities, runMigrations } from '@meldpunt/db'
import { buildApp } from './app.js'
import { ConfigError, loadConfig } from './config.js'
import { seedDemoIfEmpty } from './demo/seed.js'

async function main(): Promise<void> {
  const config = loadConfig()
  const database = await createDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: config.DB_POOL_SIZE,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
  })
  await runMigrations(database)
  await loadMunicipalities(database)
  const app = await buildApp({ config, database })
  if (config.SEED_DEMO ?? database.kind === 'pglite') {
    const seeded = await seedDemoIfEmpty(database)
    if (seeded) app.log.info({ reports: seeded.reports }, 'seeded demo data')
  }

  let closing = false
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down: finishing in-flight requests')
    // close() stops accepting, waits for in-flight requests, then we close the pool.
    await app.close()
    await database.close()
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))

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
