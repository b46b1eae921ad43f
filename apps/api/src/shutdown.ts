// Graceful shutdown: on SIGTERM stop accepting, let in-flight requests finish, stop jobs, close the pool; bounded in time.
import type { Database } from '@meldpunt/db'
import type { FastifyInstance } from 'fastify'

export interface ShutdownOptions {
  app: FastifyInstance
  database: Database
  /** Longest wait for in-flight work; past it the process exits with status 1 (anything unanswered was not acknowledged). */
  timeoutMs: number
  /** Background work to stop first (retention schedule), awaited before the pool closes. */
  stopJobs?: () => Promise<void>
  exit?: (code: number) => void
}

/** Runs the shutdown sequence once; later calls get the same promise. */
export function createShutdown(opts: ShutdownOptions): (reason: string) => Promise<void> {
  const exit = opts.exit ?? ((code: number) => process.exit(code))
  let running: Promise<void> | undefined
  return (reason) => {
    running ??= (async () => {
      const log = opts.app.log
      log.info({ reason, inFlight: opts.app.hasDecorator('loadShedding') ? opts.app.loadShedding.inFlight() : undefined }, 'shutting down: finishing in-flight requests')
      // Not unref'd: this timer is what guarantees the process ends even if a request or query hangs.
      const deadline = setTimeout(() => {
        log.error({ timeoutMs: opts.timeoutMs }, 'shutdown timed out; exiting with requests unfinished')
        exit(1)
      }, opts.timeoutMs)
      try {
        await opts.stopJobs?.()
        // close(): readiness turns 503, the listener stops accepting, idle keep-alive sockets close,
        // in-flight requests run to their answer (their transactions commit or roll back whole).
        await opts.app.close()
        await opts.database.close()
        clearTimeout(deadline)
        log.info('shutdown complete')
        exit(0)
      } catch (err) {
        clearTimeout(deadline)
        log.error({ err }, 'shutdown failed')
        exit(1)
      }
    })()
    return running
  }
}

/** SIGTERM and SIGINT start the shutdown; a second signal while draining exits at once. */
export function installSignalHandlers(shutdown: (reason: string) => Promise<void>, exit: (code: number) => void = (c) => process.exit(c)): void {
  let signalled = false
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (signalled) exit(1)
      signalled = true
      void shutdown(signal)
    })
  }
}
