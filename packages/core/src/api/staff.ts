// POST /api/v1/staff/login, /logout, GET /session: staff accounts, their roles and the session a dashboard holds.
import { z } from 'zod'
import { MunicipalityRef } from './common.js'

export const STAFF_ROLES = ['analyst', 'campaign', 'admin', 'national'] as const
export const StaffRole = z.enum(STAFF_ROLES)
export type StaffRole = z.infer<typeof StaffRole>

/** Roles that belong to a municipality and see its data; national accounts see aggregates across municipalities only. */
export const MUNICIPAL_ROLES = ['analyst', 'campaign', 'admin'] as const satisfies readonly StaffRole[]
/** Who may read reports one by one (with their free text). */
export const REPORT_READER_ROLES = ['analyst', 'admin'] as const satisfies readonly StaffRole[]
/** Campaign teams and administrators keep the campaign and intervention registers and the alert settings. */
export const CAMPAIGN_ROLES = ['campaign', 'admin'] as const satisfies readonly StaffRole[]

export const StaffSession = z.object({
  user: z.object({
    id: z.string().uuid(),
    email: z.string(),
    role: StaffRole,
    municipality: MunicipalityRef.nullable().describe('null for national accounts'),
  }),
  csrf: z.string().describe('Send in an X-CSRF-Token header on every POST, PUT, PATCH and DELETE'),
  expiresAt: z.string().describe('Absolute end of the session'),
  idleTimeoutSeconds: z.number().int().describe('The session also ends after this long without a request'),
  secondFactorEnrolmentRequired: z
    .boolean()
    .describe('An admin whose municipality requires a second factor, without one yet: only the session, sign-out and /me/totp answer until it is set up'),
})
export type StaffSession = z.infer<typeof StaffSession>

export const LoginBody = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(1024),
  code: z
    .string()
    .trim()
    .max(32)
    .optional()
    .describe('Second step for an account with TOTP on: the six-digit code or a recovery code (xxxx-xxxx-xx)'),
})
