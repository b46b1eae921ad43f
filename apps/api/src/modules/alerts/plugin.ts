// Decorates the app with the spike alert service and runs its daily schedule from ready until close.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { systemClock, type Clock } from '../../lib/clock.js'
import { SpikeAlerts } from './service.js'
import { SpikeScheduler } from './scheduler.js'

declare module 'fastify' {
  interface FastifyInstance {
    spikes: SpikeAlerts & { scheduler: SpikeScheduler | null }
  }
}

async function spikeAlertsPlugin(app: FastifyInstance, opts: { clock?: Clock }): Promise<void> {
  const clock = opts.clock ?? systemClock
  const log = app.log.child({ job: 'spike-alerts' })
  const spikes = Object.assign(new SpikeAlerts(app.db, app.config, clock, log), { scheduler: null as SpikeScheduler | null })
  app.decorate('spikes', spikes)

  if (app.config.SPIKE_SCHEDULE) {
    const scheduler = new SpikeScheduler({
      clock,
      hour: app.config.SPIKE_CHECK_HOUR,
      run: (day) => spikes.runDaily(day),
      lastRunDay: async () => (await app.db.query<{ day: string | null }>('select max(day)::text as day from spike_runs'))[0]?.day ?? null,
      log,
    })
    spikes.scheduler = scheduler
    // onReady, not at registration: the schedule starts only once the app (and its database) is fully up.
    app.addHook('onReady', () => scheduler.start())
  }

  app.addHook('onClose', async () => {
    // Stop scheduling first (synchronously), then abort retries and wait for a running check to finish.
    const stopping = spikes.scheduler?.stop()
    await spikes.close()
    await stopping
  })
}

export default fp(spikeAlertsPlugin, { name: 'spike-alerts' })
