// Which cell ids the report list accepts: the id of a hotspot feature at one of the offered cell sizes.
import { describe, expect, it } from 'vitest'
import { isHotspotCellId } from './hotspots.js'

describe('isHotspotCellId', () => {
  it('accepts `${cellSize}:${i}:${j}` at an offered size, negative indices included', () => {
    expect(isHotspotCellId('100:1207:4860')).toBe(true)
    expect(isHotspotCellId('1000:-3:4')).toBe(true)
  })

  it('refuses other sizes, fractions, missing parts and text', () => {
    expect(isHotspotCellId('150:1:1')).toBe(false)
    expect(isHotspotCellId('100:1.5:2')).toBe(false)
    expect(isHotspotCellId('100:1')).toBe(false)
    expect(isHotspotCellId('100:1:2:3')).toBe(false)
    expect(isHotspotCellId('cell')).toBe(false)
  })
})
