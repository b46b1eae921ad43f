// Proof of work for sending: solves in the background from the review step, one solution per report, fresh when refused.
import { sendReport, type SendOutcome } from './api.js'
import type { Proof } from './pow-solver.js'

/** A solution this close to expiry is not worth sending: solve a new one instead. */
const EXPIRY_MARGIN_MS = 60_000

type Solving = { promise: Promise<Proof | undefined>, settled: boolean, proof?: Proof }

let solving: Solving | undefined

/** Fetches and solves a challenge; undefined when that is not possible now (offline, busy, too slow). */
export function solveProof(): Promise<Proof | undefined> {
  // The solver and its workers load only now, never with the first screen.
  return import('./pow-solver.js').then((m) => m.fetchAndSolve()).catch(() => undefined)
}

const usable = (proof: Proof | undefined): proof is Proof =>
  proof !== undefined && (proof.expiresAt === undefined || proof.expiresAt - EXPIRY_MARGIN_MS > Date.now())

function start(): Solving {
  const s: Solving = { settled: false, promise: solveProof() }
  void s.promise.then((proof) => { s.settled = true; s.proof = proof })
  return s
}

/** Starts solving in the background unless a usable solution is ready or on its way; sending then stays instant. */
export function prepareProof(): void {
  if (solving && (!solving.settled || usable(solving.proof))) return
  solving = start()
}

/** The prepared solution (waiting for it if it is still being solved), or a new one; each is handed out once. */
export async function takeProof(): Promise<string | undefined> {
  if (!solving || (solving.settled && !usable(solving.proof))) solving = start()
  const taken = solving
  solving = undefined
  const proof = await taken.promise
  if (usable(proof)) return proof.header
  return (await solveProof())?.header
}

const PROOF_PROBLEMS = new Set(['MELDPUNT_ERR_POW_REQUIRED', 'MELDPUNT_ERR_POW_INVALID'])
const proofRefused = (outcome: SendOutcome) => outcome.kind === 'rejected' && PROOF_PROBLEMS.has(outcome.problem.code ?? '')

/**
 * Sends a report with the solution it already has (a retry of the same report may reuse it). When the server
 * refuses or misses the solution, solves a fresh challenge, hands it to `keep` (the outbox stores it with the
 * report's key) and sends once more. A report is never rejected for its proof of work: without a solution the
 * server accepts, it waits as "retry later".
 */
export async function sendWithProof(
  body: unknown, key: string, lang: string, pow: string | undefined, keep?: (pow: string) => Promise<void>,
): Promise<{ outcome: SendOutcome, pow: string | undefined }> {
  const first = await sendReport(body, key, lang, pow)
  if (!proofRefused(first)) return { outcome: first, pow }
  const fresh = (await solveProof())?.header
  if (!fresh) return { outcome: { kind: 'retry-later', reason: 'offline' }, pow }
  await keep?.(fresh)
  const second = await sendReport(body, key, lang, fresh)
  if (proofRefused(second)) return { outcome: { kind: 'retry-later', reason: 'busy' }, pow: fresh }
  return { outcome: second, pow: fresh }
}
