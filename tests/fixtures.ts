// Report bodies the API tests send (the contract body and variations on it), and stored report rows.
import type { ReportRow } from '@meldpunt/db'
import { randomBytes, randomUUID } from 'node:crypto'

/** The contract body from the foundation issue, moved to "an hour ago" so it is never too old or in the future. */
export function contractBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const to = new Date(Date.now() - 60 * 60_000)
  const from = new Date(to.getTime() - 30 * 60_000)
  return {
    category: 'catcalling',
    setting: 'street',
    role: 'victim',
    occurredAt: { from: from.toISOString(), to: to.toISOString() },
    location: { lat: 52.3731, lon: 4.8922, precision: 'exact' },
    about: { ageBand: '18-24', gender: 'woman', groups: [] },
    description: 'Two men shouted at me near the station.',
    heardVia: 'poster',
    ...overrides,
  }
}

export const newKey = (): string => randomUUID()

/** Points the tests route: inside Amsterdam and Utrecht, in the North Sea, and in Antwerp (Belgium). */
export const PLACES = {
  amsterdam: { lat: 52.3731, lon: 4.8922 },
  utrecht: { lat: 52.0907, lon: 5.1214 },
  northSea: { lat: 52.5, lon: 4.3 },
  antwerp: { lat: 51.2194, lon: 4.4025 },
} as const

/**
 * A report row as the intake stores it, for tests that write reports straight to the database: an exact place in
 * Amsterdam, a point in time, catcalling in the street seen by the victim; `fields` replaces any of it.
 */
export function reportRow(fields: Partial<ReportRow> = {}): ReportRow {
  const occurredFrom = fields.occurredFrom ?? new Date('2026-06-01T11:00:00Z')
  return {
    id: randomUUID(),
    occurredFrom,
    occurredTo: occurredFrom,
    lon: PLACES.amsterdam.lon,
    lat: PLACES.amsterdam.lat,
    precision: 'exact',
    category: 'catcalling',
    setting: 'street',
    role: 'victim',
    urgent: false,
    groups: [],
    receiptHash: randomBytes(32),
    ...fields,
  }
}
