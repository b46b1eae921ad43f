// The one statement readiness needs: does the database answer at all.
import type { Queryable } from '@meldpunt/db'

export async function ping(db: Queryable): Promise<void> {
  await db.query('select 1')
}
