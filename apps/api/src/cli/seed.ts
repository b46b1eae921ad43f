// `npm run seed`: seeds demo data into the database DATABASE_URL names (or the embedded one), if it has no reports yet.
import { createDatabase, loadMunicipalities, runMigrations } from '@meldpunt/db'
import { loadConfig } from '../config.js'
import { seedDemo, seedDemoIfEmpty } from '../demo/seed.js'

const config = loadConfig(process.env, { tool: true })
const force = process.argv.includes('--force')
const db = await createDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR })
await runMigrations(db)
await loadMunicipalities(db)
const result = force ? await seedDemo(db) : await seedDemoIfEmpty(db)
console.log(result ? `seeded ${result.reports} demo reports` : 'database already has reports; nothing seeded (use --force to add demo data anyway)')
await db.close()
