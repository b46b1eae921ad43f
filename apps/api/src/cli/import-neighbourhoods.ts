// `npm run import-neighbourhoods -- --municipality GM0363 --file buurten.geojson`: replaces a municipality's neighbourhoods
// (CBS wijk- en buurtkaart, EPSG:28992 or 4326), then matches every report to its neighbourhood again in batches, with
// a progress bar. Interrupted (Ctrl-C, a lost connection), `--municipality GM0363 --resume` goes on where it stopped.
import { backfillNeighbourhoods, createDatabase, loadMunicipalities, runMigrations, type BackfillProgress } from '@meldpunt/db'
import { parseArgs } from 'node:util'
import { loadConfig } from '../config.js'
import { progressBar } from './progress.js'
import { importNeighbourhoodFile, NeighbourhoodImportError } from '../modules/neighbourhoods/neighbourhood-file.js'

const USAGE =
  'usage: npm run import-neighbourhoods -- --municipality GM0363 --file buurten.geojson [--batch 5000]\n' +
  '       npm run import-neighbourhoods -- --municipality GM0363 --resume'

async function main(): Promise<number> {
  let args
  try {
    args = parseArgs({ options: { municipality: { type: 'string' }, file: { type: 'string' }, resume: { type: 'boolean' }, batch: { type: 'string' } } }).values
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`)
    return 2
  }
  const batchSize = args.batch === undefined ? undefined : Number(args.batch)
  if (!args.municipality || (!args.file && !args.resume) || (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0))) {
    console.error(USAGE)
    return 2
  }
  const config = loadConfig()
  // The configured statement timeout, as the server uses it: every batch is one statement well inside it.
  const db = await createDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS })
  const stop = new AbortController()
  process.once('SIGINT', () => stop.abort())
  process.once('SIGTERM', () => stop.abort())
  const onProgress = (p: BackfillProgress) => process.stderr.write(`\r${progressBar(p)}`)
  const options = { batchSize, onProgress, signal: stop.signal }
  const municipality = args.municipality.trim().toUpperCase()
  try {
    await runMigrations(db)
    await loadMunicipalities(db)
    if (args.resume) {
      const p = await backfillNeighbourhoods(db, municipality, options)
      process.stderr.write('\n')
      console.log(p ? `neighbourhoods of ${municipality}: ${p.done} of ${p.total} reports matched` : `no neighbourhood import of ${municipality} to resume`)
      return p ? 0 : 1
    }
    const r = await importNeighbourhoodFile(db, args.file!, municipality, options)
    process.stderr.write('\n')
    console.log(
      `imported ${r.imported} neighbourhoods for ${municipality} (EPSG:${r.srid}); removed ${r.removed} no longer in the file; ` +
        `${r.reportsWithNeighbourhood} reports now have a neighbourhood, ${r.reportsWithout} lie in none`,
    )
    return 0
  } catch (error) {
    if (error instanceof NeighbourhoodImportError) {
      console.error(error.message)
      return 1
    }
    if (stop.signal.aborted) {
      console.error(`\nstopped; what was matched stays. Go on with: npm run import-neighbourhoods -- --municipality ${municipality} --resume`)
      return 130
    }
    throw error
  } finally {
    await db.close()
  }
}

process.exitCode = await main()
