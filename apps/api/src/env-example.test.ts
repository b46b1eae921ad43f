import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ConfigSchema } from './config.js'

describe('.env.example', () => {
  it('lists every variable the config reads', () => {
    const listed = new Set(readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8').match(/^[A-Z][A-Z0-9_]*(?==)/gm))
    expect(Object.keys(ConfigSchema.shape).filter((k) => !listed.has(k))).toEqual([])
  })
})
