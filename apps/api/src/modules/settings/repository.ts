// Every SQL statement of the settings page: a municipality's settings row, read (and locked for a save) and merged.
import { schema, type Queryable } from '@meldpunt/db'
import { eq, sql } from 'drizzle-orm'

const m = schema.municipalities

export interface SettingsRow {
  code: string
  name: string
  settings: Record<string, unknown>
}

/** The municipality's name and settings; `forUpdate` holds the row until the transaction ends (no lost saves). */
export async function settingsRow(tx: Queryable, code: string, forUpdate = false): Promise<SettingsRow | null> {
  const query = tx.orm.select({ code: m.code, name: m.name, settings: m.settings }).from(m).where(eq(m.code, code))
  const [row] = forUpdate ? await query.for('update') : await query
  return row ? { ...row, settings: row.settings ?? {} } : null
}

/** Sets the given top-level keys of the settings object; every other key stays. Returns the new settings. */
export async function mergeSettings(tx: Queryable, code: string, values: Record<string, unknown>): Promise<Record<string, unknown>> {
  const [row] = await tx.orm
    .update(m)
    .set({ settings: sql`coalesce(${m.settings}, '{}'::jsonb) || ${JSON.stringify(values)}::jsonb` })
    .where(eq(m.code, code))
    .returning({ settings: m.settings })
  return row?.settings ?? {}
}
