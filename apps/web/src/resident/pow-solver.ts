// Fetches and solves a proof-of-work challenge (altcha-lib) off the main thread; loaded lazily, never on the first screen.
import { solveChallenge, solveChallengeWorkers, type Challenge, type Solution } from 'altcha-lib'
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2'
import { HttpError, request } from './api.js'

/** A solution ready for the X-Meldpunt-Pow header; `expiresAt` is on this device's clock (ms), when the server says. */
export type Proof = { header: string, expiresAt?: number }

const CHALLENGE_TIMEOUT_MS = 15_000
const SOLVE_TIMEOUT_MS = 60_000
/** Workers share the counters; a few are enough, and leave the phone's other cores free. */
const MAX_WORKERS = 4

function createWorker(): Worker {
  // Bundled by Vite as a file on our own origin (CSP worker-src 'self').
  return new Worker(new URL('./pow-worker.ts', import.meta.url), { type: 'module', name: 'meldpunt-pow' })
}

/** Solves in Web Workers; on the main thread (it yields now and then) where workers cannot start. */
async function solve(challenge: Challenge): Promise<Solution | null> {
  if (typeof Worker === 'function') {
    try {
      const concurrency = Math.min(MAX_WORKERS, Math.max(1, navigator.hardwareConcurrency || 1))
      return await solveChallengeWorkers({ challenge, concurrency, createWorker, timeout: SOLVE_TIMEOUT_MS })
    } catch {
      // A worker that cannot load or run: fall through to the main thread.
    }
  }
  return await solveChallenge({ challenge, deriveKey, timeout: SOLVE_TIMEOUT_MS })
}

/** GET /api/v1/challenge, solved; rejects when there is no challenge (offline, busy) or no solution in time. */
export async function fetchAndSolve(): Promise<Proof> {
  const response = await request('/api/v1/challenge', { headers: { Accept: 'application/json' } }, CHALLENGE_TIMEOUT_MS)
  if (!response.ok) throw new HttpError(response.status, undefined)
  const challenge = await response.json() as Challenge
  // The server's clock decides expiry; move it onto ours, so a phone whose clock is off does not misjudge it.
  const serverNow = Date.parse(response.headers.get('date') ?? '')
  const skew = Number.isFinite(serverNow) ? serverNow - Date.now() : 0
  const solution = await solve(challenge)
  if (!solution) throw new Error('proof of work not solved in time')
  const header = btoa(JSON.stringify({ challenge, solution: { counter: solution.counter, derivedKey: solution.derivedKey } }))
  const expiresAt = challenge.parameters.expiresAt ? challenge.parameters.expiresAt * 1000 - skew : undefined
  return { header, expiresAt }
}
