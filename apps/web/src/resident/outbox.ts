// The offline outbox: reports that could not be sent wait in IndexedDB under their Idempotency-Key until a 201.
import type { ReportCreated, Problem, WaitReason } from './api.js'
import { sendWithProof, solveProof } from './proof.js'
import type { ReportBody } from './report.js'

const DB_NAME = 'meldpunt-outbox'
const STORE = 'reports'

export type QueuedReport = {
  key: string
  body: ReportBody
  lang: string
  savedAt: string
  /** Its proof-of-work solution (X-Meldpunt-Pow), kept with its key: a retry of the same report may reuse it. */
  pow?: string
  /** Not to be sent before this time (ms since the epoch): the server's Retry-After, and why it asked. */
  notBefore?: number
  waitReason?: WaitReason
}

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1)
    request.onupgradeneeded = () => { request.result.createObjectStore(STORE, { keyPath: 'key' }) }
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

async function withStore<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb()
  try {
    const tx = db.transaction(STORE, mode)
    const result = await promised(run(tx.objectStore(STORE)))
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve()
      tx.onerror = () => reject(tx.error)
      tx.onabort = () => reject(tx.error)
    })
    return result
  } finally {
    db.close()
  }
}

/** Whether an outbox exists, without creating one (opening a database creates it). */
export async function outboxExists(): Promise<boolean> {
  if (typeof indexedDB === 'undefined') return false
  if (typeof indexedDB.databases !== 'function') return true
  const dbs = await indexedDB.databases()
  return dbs.some((d) => d.name === DB_NAME)
}

export async function saveToOutbox(item: QueuedReport): Promise<void> {
  await withStore('readwrite', (store) => store.put(item))
}

export async function readOutbox(): Promise<QueuedReport[]> {
  if (!(await outboxExists())) return []
  return await withStore('readonly', (store) => store.getAll() as IDBRequest<QueuedReport[]>)
}

/** Removes a sent report; the database goes as well once it is empty, so nothing is left behind. */
export async function removeFromOutbox(key: string): Promise<void> {
  await withStore('readwrite', (store) => store.delete(key))
  const left = await withStore('readonly', (store) => store.count())
  if (left === 0) await deleteOutbox()
}

/** Deletes the outbox database; resolves even while another tab still holds it open (deletion then finishes later). */
export function deleteOutbox(): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(DB_NAME)
    request.onsuccess = () => resolve()
    request.onerror = () => resolve()
    request.onblocked = () => resolve()
  })
}

export type FlushEvent =
  | { kind: 'sending', item: QueuedReport }
  | { kind: 'sent', item: QueuedReport, report: ReportCreated }
  | { kind: 'rejected', item: QueuedReport, problem: Problem }
  | { kind: 'waiting', remaining: number, reason: WaitReason, retryAfterMs?: number }
  | { kind: 'empty' }

let flushing: Promise<void> | undefined

/**
 * Sends every queued report once. A 201 removes it; "retry later" keeps it (with the server's Retry-After as its
 * earliest next try) and stops this round; a definite rejection (4xx other than 408, 409 and 429) removes it, since
 * sending it again cannot help. A refused proof of work is never a rejection: the report gets a fresh solution.
 */
export function flushOutbox(onEvent: (event: FlushEvent) => void): Promise<void> {
  if (flushing) return flushing
  const run = async () => {
    const items = await readOutbox()
    if (items.length === 0) { onEvent({ kind: 'empty' }); return }
    for (const [index, queued] of items.entries()) {
      let item = queued
      const remaining = items.length - index
      const wait = (item.notBefore ?? 0) - Date.now()
      if (wait > 0) { onEvent({ kind: 'waiting', remaining, reason: item.waitReason ?? 'busy', retryAfterMs: wait }); return }
      onEvent({ kind: 'sending', item })
      const keep = async (pow: string) => {
        item = { ...item, pow }
        await saveToOutbox(item)
      }
      // Saved without a solution (offline at the review step): solve one first rather than be refused for it.
      if (!item.pow) {
        const solved = (await solveProof())?.header
        if (solved) await keep(solved)
      }
      const { outcome } = await sendWithProof(item.body, item.key, item.lang, item.pow, keep)
      if (outcome.kind === 'retry-later') {
        if (outcome.retryAfterMs) {
          item = { ...item, notBefore: Date.now() + outcome.retryAfterMs, waitReason: outcome.reason }
          await saveToOutbox(item)
        }
        onEvent({ kind: 'waiting', remaining, reason: outcome.reason, retryAfterMs: outcome.retryAfterMs })
        return
      }
      // Tell the person first: if removing fails, the next flush resends with the same key and gets the same 201.
      if (outcome.kind === 'created') onEvent({ kind: 'sent', item, report: outcome.report })
      else onEvent({ kind: 'rejected', item, problem: outcome.problem })
      await removeFromOutbox(item.key)
    }
    onEvent({ kind: 'empty' })
  }
  // One flush at a time across tabs too, where the browser has Web Locks.
  const locked = typeof navigator !== 'undefined' && navigator.locks
    ? navigator.locks.request('meldpunt-outbox', run)
    : run()
  flushing = Promise.resolve(locked).finally(() => { flushing = undefined })
  return flushing
}
