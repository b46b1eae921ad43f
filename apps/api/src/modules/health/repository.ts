// The one statement readiness needs: does the database answer at all.
import type { Queryable } from '@meldpunt/db'
import { sql } from 'drizzle-orm'

export async function ping(db: Queryable): Promise<void> {
  await db.rows(sql`select 1`)
}
