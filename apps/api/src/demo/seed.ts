// Seeds the demo data into an empty database (both backends); a database that already has reports is left alone.
import { hasReports, insertReportsBulk, type Database } from '@meldpunt/db'
import { registerDemoCampaign } from './demo-campaign.js'
import { generateDemoReports } from './generate.js'

export async function seedDemoIfEmpty(db: Database, until = new Date()): Promise<{ reports: number } | null> {
  if (await hasReports(db)) return null
  return seedDemo(db, until)
}

export async function seedDemo(db: Database, until = new Date()): Promise<{ reports: number }> {
  const rows = generateDemoReports({ until })
  const reports = await db.transaction(async (tx) => {
    const n = await insertReportsBulk(tx, rows)
    await registerDemoCampaign(tx, until)
    return n
  })
  return { reports }
}
