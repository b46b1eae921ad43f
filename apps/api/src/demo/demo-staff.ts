// Demo staff accounts, made only together with demo data, so the dashboard can be tried right after `npm start`.
import type { Database } from '@meldpunt/db'
import { randomBytes } from 'node:crypto'
import { createStaffAccount } from '../modules/staff/accounts.js'

export interface DemoLogin {
  email: string
  role: string
  municipality: string | null
  password: string
}

/**
 * One admin for the demo municipality with the campaign (Amsterdam) and one national account. The password is
 * random per database and shown once at start: there are no default credentials to forget to change.
 */
export async function createDemoStaff(db: Database): Promise<DemoLogin[]> {
  const password = randomBytes(12).toString('base64url')
  const logins: DemoLogin[] = [
    { email: 'admin@demo.meldpunt.invalid', role: 'admin', municipality: 'GM0363', password },
    { email: 'national@demo.meldpunt.invalid', role: 'national', municipality: null, password },
  ]
  for (const l of logins) await createStaffAccount(db, l)
  return logins
}
