// Deleting register entries softly and keeping each version a change replaced (migrations/0155), for campaigns and
// interventions alike. Every write here runs in the caller's tenant transaction, beside the change it records.
import type { RegisterChange, RegisterHistory } from '@meldpunt/core/api'
import { schema, type Queryable } from '@meldpunt/db'
import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import type { Actor } from '../staff/context.js'

export type Register = 'campaign' | 'intervention'

const TABLES = { campaign: schema.campaigns, intervention: schema.interventions } as const
const h = schema.registerHistory

/** What the register adds to an entry (id, authorship, derived links): never counted as a change of its own. */
const NOT_CHANGES = new Set(['id', 'link', 'createdBy', 'createdAt', 'updatedBy', 'updatedAt'])

/** The fields `after` gives another value than `before`, in `after`'s order. */
export function changedFields(before: object, after: object): string[] {
  const was = before as Record<string, unknown>
  return Object.entries(after)
    .filter(([k, v]) => !NOT_CHANGES.has(k) && JSON.stringify(was[k] ?? null) !== JSON.stringify(v ?? null))
    .map(([k]) => k)
}

/** The entry as kept in its history: without what the register derives from it. */
function version(entry: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entry).filter(([k]) => k !== 'link'))
}

/** Rows not deleted: every reader of a register puts this in its where clause. */
export function live(register: Register) {
  return isNull(TABLES[register].deletedAt)
}

async function record(tx: Queryable, municipality: string, register: Register, entry: { id: string }, change: RegisterChange['change'], fields: string[], actor: Actor): Promise<void> {
  await tx.orm.insert(h).values({
    municipalityCode: municipality,
    register,
    entryId: entry.id,
    change,
    fields,
    previous: version(entry),
    changedBy: actor.userId,
    changedByEmail: actor.email,
  })
}

/** Keeps `previous` when `next` changes any field of it; a save that changes nothing leaves no history row. */
export async function recordUpdate(tx: Queryable, municipality: string, register: Register, previous: { id: string }, next: object, actor: Actor): Promise<void> {
  const fields = changedFields(previous, next)
  if (fields.length) await record(tx, municipality, register, previous, 'update', fields, actor)
}

/**
 * Marks the live entry deleted, with who and when, and keeps its last version. Returns false when there is no live
 * entry with this id in the municipality (unknown, another municipality's, or deleted already).
 */
export async function softDelete(tx: Queryable, municipality: string, register: Register, entry: { id: string }, actor: Actor): Promise<boolean> {
  const t = TABLES[register]
  const done = await tx.rows<{ id: string }>(sql`
    update ${t} set deleted_at = now(), deleted_by = ${actor.userId}, deleted_by_email = ${actor.email}
    where ${t.municipalityCode} = ${municipality} and ${t.id} = ${entry.id} and ${t.deletedAt} is null
    returning ${t.id}`)
  if (!done.length) return false
  await record(tx, municipality, register, entry, 'delete', [], actor)
  return true
}

const iso = (v: Date | string) => new Date(v).toISOString()

/** An entry's history, deleted entries included; null when the municipality never had it. */
export async function historyOf(tx: Queryable, municipality: string, register: Register, id: string): Promise<RegisterHistory | null> {
  const t = TABLES[register]
  const [entry] = await tx.orm
    .select({ createdAt: t.createdAt, createdBy: t.createdByEmail, deletedAt: t.deletedAt, deletedBy: t.deletedByEmail })
    .from(t)
    .where(and(eq(t.municipalityCode, municipality), eq(t.id, id)))
  if (!entry) return null
  const changes = await tx.orm
    .select({ at: h.changedAt, by: h.changedByEmail, change: h.change, fields: h.fields, previous: h.previous })
    .from(h)
    .where(and(eq(h.municipalityCode, municipality), eq(h.register, register), eq(h.entryId, id)))
    .orderBy(asc(h.changedAt), asc(h.id))
  return {
    id,
    created: { at: iso(entry.createdAt), by: entry.createdBy },
    deleted: entry.deletedAt ? { at: iso(entry.deletedAt), by: entry.deletedBy } : null,
    changes: changes.map((c) => ({ ...c, at: iso(c.at) })),
  }
}
