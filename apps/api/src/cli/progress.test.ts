import { describe, expect, it } from 'vitest'
import { progressBar } from './progress.js'

describe('progressBar', () => {
  it('fills in proportion and counts with separators', () => {
    expect(progressBar({ done: 450_000, total: 1_000_000 }, 20)).toBe('[#########           ]  45 %  450,000 / 1,000,000 reports')
    expect(progressBar({ done: 0, total: 0 }, 4)).toBe('[####] 100 %  0 / 0 reports')
  })
})
