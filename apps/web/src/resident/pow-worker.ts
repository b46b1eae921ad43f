// Web Worker for pow-solver.ts: altcha-lib's solving loop over a share of the counters, with the browser's own PBKDF2.
import { handler } from 'altcha-lib/workers/shared'
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2'

handler({ deriveKey })
