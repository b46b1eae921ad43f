// Runs staff reads as the row-level-security role, in a transaction scoped to one municipality.
import { sql } from 'drizzle-orm'
import type { Database, Queryable } from './database.js'

/** Neither owner nor BYPASSRLS (migrations/0004_tenant_rls.sql): its policies key on app.municipality. */
export const APP_ROLE = 'meldpunt_app'

const MUNICIPALITY_CODE = /^GM[0-9]{4}$/

/**
 * The second line of tenant isolation. Queries inside `fn` still filter on the municipality themselves (the
 * first line); should one forget, the policies return no other municipality's rows. `set local role` ends
 * with the transaction, so the pooled connection goes back as the owner.
 */
export async function withTenant<T>(db: Database, municipality: string, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  if (!MUNICIPALITY_CODE.test(municipality)) throw new RangeError(`not a municipality code: ${JSON.stringify(municipality)}`)
  return db.transaction(async (tx) => {
    await tx.rows(sql`set local role ${sql.identifier(APP_ROLE)}`)
    return fn(tx)
  }, { municipality })
}
