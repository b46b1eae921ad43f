// `npm run import-neighbourhoods -- --municipality GM0363 --file buurten.geojson`: replaces a municipality's neighbourhoods
// (CBS wijk- en buurtkaart, EPSG:28992 or 4326) and re-derives every report's neighbourhood; all or nothing.
import { createDatabase, loadMunicipalities, runMigrations } from '@meldpunt/db'
import { parseArgs } from 'node:util'
import { loadConfig } from '../config.js'
import { importNeighbourhoodFile, NeighbourhoodImportError } from '../modules/neighbourhoods/neighbourhood-file.js'

const USAGE = 'usage: npm run import-neighbourhoods -- --municipality GM0363 --file buurten.geojson'

async function main(): Promise<number> {
  let args
  try {
    args = parseArgs({ options: { municipality: { type: 'string' }, file: { type: 'string' } } }).values
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`)
    return 2
  }
  if (!args.municipality || !args.file) {
    console.error(USAGE)
    return 2
  }
  const config = loadConfig()
  const db = await createDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR })
  try {
    await runMigrations(db)
    await loadMunicipalities(db)
    const r = await importNeighbourhoodFile(db, args.file, args.municipality)
    console.log(
      `imported ${r.imported} neighbourhoods for ${args.municipality.toUpperCase()} (EPSG:${r.srid}); removed ${r.removed} no longer in the file; ` +
        `${r.reportsWithNeighbourhood} reports now have a neighbourhood, ${r.reportsWithout} lie in none`,
    )
    return 0
  } catch (error) {
    if (error instanceof NeighbourhoodImportError) {
      console.error(error.message)
      return 1
    }
    throw error
  } finally {
    await db.close()
  }
}

process.exitCode = await main()
