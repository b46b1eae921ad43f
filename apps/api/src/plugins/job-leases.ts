// Decorates the app with the job-lease runner, so scheduled jobs (spike check, retention purge) run once across instances.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { JobLeases } from '../lib/job-lease.js'

declare module 'fastify' {
  interface FastifyInstance {
    jobs: JobLeases
  }
}

async function jobLeasesPlugin(app: FastifyInstance, opts: { leaseSeconds: number }): Promise<void> {
  const jobs = new JobLeases({
    db: app.db,
    log: app.log.child({ component: 'job-leases' }),
    leaseMs: opts.leaseSeconds * 1000,
    onOutcome: (job, outcome) => app.metrics.jobRuns.inc({ job, outcome }),
  })
  app.decorate('jobs', jobs)
  app.addHook('onClose', async () => jobs.stop())
}

export default fp(jobLeasesPlugin, { name: 'job-leases', dependencies: ['metrics'], decorators: { fastify: ['db'] } })
