// Request context of the staff routes: the signed-in principal, role checks and the tenant-scoped transaction.
import { ErrorCode } from '@meldpunt/core'
import { MUNICIPAL_ROLES, type StaffRole } from '@meldpunt/core/api'
import { withTenant, type Queryable } from '@meldpunt/db'
import type { FastifyRequest } from 'fastify'
import { ProblemError } from '../../lib/problems.js'
import type { StaffPrincipal } from './auth.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a session (login only). */
    staffPublic?: boolean
    /** Reachable by an admin who must still set up the second factor their municipality requires. */
    beforeSecondFactorEnrolment?: boolean
  }
  interface FastifyRequest {
    staff?: StaffPrincipal
  }
}

/** The signed-in principal; the auth hook guarantees it on every non-public route. */
export function principal(req: FastifyRequest): StaffPrincipal {
  if (!req.staff) throw new ProblemError(ErrorCode.UNAUTHENTICATED, { detail: 'Sign in first.' })
  return req.staff
}

/**
 * The municipality every query of this request is scoped to, checking the role may see municipal data at all.
 * National accounts see aggregates across municipalities only, in views built for that; not these.
 */
export function municipalityOf(req: FastifyRequest, roles: readonly StaffRole[] = MUNICIPAL_ROLES): string {
  const p = principal(req)
  if (!p.municipality || !roles.includes(p.role)) {
    throw new ProblemError(ErrorCode.FORBIDDEN, {
      detail: p.municipality ? `Your role (${p.role}) cannot open this view.` : 'National accounts see aggregates only; this view needs a municipal account.',
    })
  }
  return p.municipality.code
}

/** Runs `fn` as the row-level-security role for the request's municipality. */
export function tenantRead<T>(req: FastifyRequest, municipality: string, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return withTenant(req.server.db, municipality, fn)
}

/** Who is writing: kept on the row as id and a copy of the email (see migrations/0010). */
export interface Actor {
  userId: string | null
  email: string | null
}

export function actorOf(req: FastifyRequest): Actor {
  const p = principal(req)
  return { userId: p.userId, email: p.email }
}
