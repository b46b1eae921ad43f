// `npm run migrate [-- --owner ROLE]`: applies the migrations to DATABASE_URL (or ./data) and loads municipalities.
// With --owner, hands every table to that role afterwards: a deployment migrates as a superuser (PostGIS and the
// tenant roles need one) and runs the API as the non-superuser owner, which the intake path must be (ADR 0005).
import { createDatabase, loadMunicipalities, runMigrations, transferTableOwnership } from '@meldpunt/db'
import { loadConfig } from '../config.js'

const config = loadConfig(process.env, { tool: true })
const ownerAt = process.argv.indexOf('--owner')
const owner = ownerAt >= 0 ? process.argv[ownerAt + 1] : undefined
if (ownerAt >= 0 && !owner) {
  console.error('--owner needs a role name, e.g. --owner meldpunt')
  process.exit(2)
}
const db = await createDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR })
try {
  await runMigrations(db)
  await loadMunicipalities(db)
  if (owner) console.log(`tables owned by ${owner}: ${await transferTableOwnership(db, owner)}`)
  console.log('migrations applied')
} finally {
  await db.close()
}
