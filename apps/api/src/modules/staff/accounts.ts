// Creating staff accounts (CLI and tests): validated email, role and municipality, scrypt-hashed password.
import { STAFF_ROLES, type StaffRole } from '@meldpunt/core/api'
import { createStaffUser, type Database } from '@meldpunt/db'
import { randomUUID } from 'node:crypto'
import { municipalityExists } from '../municipalities/repository.js'
import { passwordProblem, passwordProblemText } from '../staff-accounts/password-policy.js'
import { hashPassword } from './passwords.js'

export class StaffAccountError extends Error {}

export interface NewStaffAccount {
  email: string
  role: string
  /** Required for every role but national; must be absent for national. */
  municipality?: string | null
  password: string
}

export async function createStaffAccount(db: Database, input: NewStaffAccount): Promise<{ id: string; email: string; role: StaffRole; municipality: string | null }> {
  const email = input.email.trim().toLowerCase()
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new StaffAccountError(`"${input.email}" is not an email address`)
  if (!(STAFF_ROLES as readonly string[]).includes(input.role)) throw new StaffAccountError(`role must be one of ${STAFF_ROLES.join(', ')}, got "${input.role}"`)
  const role = input.role as StaffRole
  const municipality = input.municipality?.trim().toUpperCase() || null
  if (role === 'national' && municipality) throw new StaffAccountError('a national account belongs to no municipality: leave out --municipality')
  if (role !== 'national') {
    if (!municipality || !/^GM[0-9]{4}$/.test(municipality)) throw new StaffAccountError('--municipality must be a CBS code like GM0363 for this role')
    if (!(await municipalityExists(db, municipality))) throw new StaffAccountError(`municipality ${municipality} is not known`)
  }
  const problem = passwordProblem(input.password, email)
  if (problem) throw new StaffAccountError(passwordProblemText[problem])
  const id = randomUUID()
  await createStaffUser(db, { id, email, municipalityCode: municipality, role, passwordHash: await hashPassword(input.password) })
  return { id, email, role, municipality }
}
