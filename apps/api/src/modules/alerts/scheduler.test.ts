import { describe, expect, it, vi } from 'vitest'
import type { Clock } from '../../lib/clock.js'
import { nextLocalHour, SpikeScheduler } from './scheduler.js'

describe('nextLocalHour', () => {
  it('finds the next local (Amsterdam) hour in winter and across the spring-forward night', () => {
    // CET is UTC+1: 06:00 local is 05:00Z.
    expect(nextLocalHour(new Date('2025-01-15T10:00:00Z'), 6).toISOString()).toBe('2025-01-16T05:00:00.000Z')
    // 30 March 2025 starts CEST (UTC+2): 06:00 local is 04:00Z.
    expect(nextLocalHour(new Date('2025-03-29T12:00:00Z'), 6).toISOString()).toBe('2025-03-30T04:00:00.000Z')
    expect(nextLocalHour(new Date('2025-01-15T04:59:59Z'), 6).toISOString()).toBe('2025-01-15T05:00:00.000Z')
  })
})

/** A clock whose time moves only when the test says so; due timers fire on advance. */
function fakeClock(start: string) {
  let now = new Date(start).getTime()
  const timers = new Map<number, { at: number; fn: () => void }>()
  let next = 1
  const clock: Clock = {
    now: () => new Date(now),
    setTimer(fn, ms) {
      const id = next++
      timers.set(id, { at: now + ms, fn })
      return id
    },
    clearTimer: (id) => void timers.delete(id as number),
  }
  return {
    clock,
    pending: () => [...timers.values()].map((t) => new Date(t.at).toISOString()),
    advanceTo(iso: string) {
      now = new Date(iso).getTime()
      for (const [id, t] of [...timers]) {
        if (t.at <= now) {
          timers.delete(id)
          t.fn()
        }
      }
    },
  }
}

const log = { error: vi.fn() } as never

describe('SpikeScheduler', () => {
  it('waits for the check hour, checks yesterday, and schedules the next day', async () => {
    const f = fakeClock('2025-01-15T10:00:00Z')
    const run = vi.fn(async (_day: string) => {})
    const s = new SpikeScheduler({ clock: f.clock, hour: 6, run, lastRunDay: async () => '2025-01-14', log })
    await s.start()
    expect(run).not.toHaveBeenCalled()
    expect(f.pending()).toEqual(['2025-01-16T05:00:00.000Z'])
    f.advanceTo('2025-01-16T05:00:00Z')
    await s.running
    expect(run).toHaveBeenCalledWith('2025-01-15')
    expect(f.pending()).toEqual(['2025-01-17T05:00:00.000Z'])
    await s.stop()
    expect(f.pending()).toEqual([])
  })

  it('catches up at once when the check hour passed while the process was down', async () => {
    const f = fakeClock('2025-01-15T10:00:00Z')
    const run = vi.fn(async (_day: string) => {})
    const s = new SpikeScheduler({ clock: f.clock, hour: 6, run, lastRunDay: async () => '2025-01-12', log })
    await s.start()
    await s.running
    expect(run).toHaveBeenCalledWith('2025-01-14')
    await s.stop()
  })

  it('does not catch up before the check hour (the hour itself will check yesterday)', async () => {
    const f = fakeClock('2025-01-15T03:00:00Z')
    const run = vi.fn(async (_day: string) => {})
    const s = new SpikeScheduler({ clock: f.clock, hour: 6, run, lastRunDay: async () => null, log })
    await s.start()
    expect(run).not.toHaveBeenCalled()
    expect(f.pending()).toEqual(['2025-01-15T05:00:00.000Z'])
    await s.stop()
  })

  it('keeps its schedule when a run fails', async () => {
    const f = fakeClock('2025-01-15T10:00:00Z')
    const run = vi.fn(async () => {
      throw new Error('database down')
    })
    const s = new SpikeScheduler({ clock: f.clock, hour: 6, run, lastRunDay: async () => null, log })
    await s.start()
    await s.running
    expect(f.pending()).toEqual(['2025-01-16T05:00:00.000Z'])
    await s.stop()
  })
})
