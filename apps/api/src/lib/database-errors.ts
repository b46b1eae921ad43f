// Recognises database failures that are about load or availability, not about the request: they get 503, not 500.

/**
 * SQLSTATE classes and codes that mean "try again later": 08 connection exceptions, 53 insufficient resources
 * (too many connections, out of memory, disk full), 57014 statement timeout or cancel, 57P01–57P05 shutdown
 * and crash recovery, 40001/40P01 serialization failure and deadlock (the transaction rolled back whole).
 */
const TRANSIENT_SQLSTATE = /^(08|53)|^(57014|57P0[1-5]|40001|40P01)$/

/** Node socket errors on the way to the database. */
const TRANSIENT_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])

export function isTransientDatabaseError(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object') return false
  // drizzle wraps a driver error ("Failed query: …") and keeps the original as its cause.
  const cause = (err as { cause?: unknown }).cause
  if (depth < 3 && cause && isTransientDatabaseError(cause, depth + 1)) return true
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string' && (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_ERRNO.has(code))) return true
  const message = (err as { message?: unknown }).message
  // pg-pool gives no code when no connection frees up in time, only this message.
  // node-postgres also refuses to reuse a client whose connection broke (the database restarted under it).
  return typeof message === 'string' && /^timeout exceeded when trying to connect$|^Connection terminated|^Client has encountered a connection error and is not queryable/.test(message)
}
