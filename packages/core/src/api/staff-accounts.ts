// /api/v1/staff/accounts and /api/v1/staff/sign-in-links: a municipality's admins manage its staff; one-time links set a password.
import { z } from 'zod'
import { StaffRole } from './staff.js'

/** Roles an admin can give: every municipal role (national accounts are made with the CLI only). */
export const AssignableRole = z.enum(['analyst', 'campaign', 'admin'])
export type AssignableRole = z.infer<typeof AssignableRole>

export const StaffAccount = z.object({
  id: z.string().uuid(),
  email: z.string(),
  role: StaffRole,
  state: z.enum(['active', 'invited', 'deactivated']).describe('invited: no password set yet through the link'),
  lastSignInAt: z.string().nullable(),
  createdAt: z.string(),
  totp: z.boolean().describe('Whether the TOTP second factor is on'),
})
export type StaffAccount = z.infer<typeof StaffAccount>

export const StaffAccountList = z.object({ accounts: z.array(StaffAccount) })
export type StaffAccountList = z.infer<typeof StaffAccountList>

export const InviteBody = z.object({
  email: z.string().trim().toLowerCase().min(3).max(254).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'invalid_format'),
  role: AssignableRole,
})
export type InviteBody = z.infer<typeof InviteBody>

export const RoleBody = z.object({ role: AssignableRole })
export type RoleBody = z.infer<typeof RoleBody>

/** A one-time link for the admin to pass on; the token is in the URL fragment, so it never reaches a server log. */
export const SignInLink = z.object({
  account: StaffAccount,
  url: z.string().describe('Path of the staff app with the token in its fragment: #/link/<token>'),
  expiresAt: z.string(),
  mailed: z.boolean().describe('Whether the link was also mailed to the account (SMTP configured and the mail accepted)'),
})
export type SignInLink = z.infer<typeof SignInLink>

export const LinkTokenBody = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'invalid_format') })
export type LinkTokenBody = z.infer<typeof LinkTokenBody>

export const SignInLinkInfo = z.object({ email: z.string(), purpose: z.enum(['invite', 'reset']), expiresAt: z.string() })
export type SignInLinkInfo = z.infer<typeof SignInLinkInfo>

export const SetPasswordBody = LinkTokenBody.extend({ password: z.string().min(1).max(1024) })
export type SetPasswordBody = z.infer<typeof SetPasswordBody>
