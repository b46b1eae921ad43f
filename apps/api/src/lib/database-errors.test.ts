import { DrizzleQueryError } from 'drizzle-orm/errors'
import { describe, expect, it } from 'vitest'
import { isTransientDatabaseError } from './database-errors.js'

describe('isTransientDatabaseError', () => {
  it.each([
    ['statement timeout', { code: '57014' }],
    ['admin shutdown', { code: '57P01' }],
    ['crash recovery', { code: '57P03' }],
    ['too many connections', { code: '53300' }],
    ['connection failure', { code: '08006' }],
    ['serialization failure', { code: '40001' }],
    ['deadlock', { code: '40P01' }],
    ['refused socket', { code: 'ECONNREFUSED' }],
    ['pool wait', new Error('timeout exceeded when trying to connect')],
    ['lost connection', new Error('Connection terminated unexpectedly')],
    // What a query through drizzle throws when PostgreSQL shuts down under it.
    ['a shutdown wrapped by drizzle', new DrizzleQueryError('insert into reports …', [], Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))],
    ['a lost connection wrapped by drizzle', new DrizzleQueryError('select 1', [], new Error('Connection terminated unexpectedly'))],
  ])('treats %s as transient', (_name, err) => expect(isTransientDatabaseError(err)).toBe(true))

  it.each([
    ['unique violation', { code: '23505' }],
    ['syntax error', { code: '42601' }],
    ['a plain error', new Error('boom: connection to 10.1.2.3 lost')],
    ['nothing', undefined],
    ['a string', 'ECONNREFUSED'],
    ['a unique violation wrapped by drizzle', new DrizzleQueryError('insert …', [], Object.assign(new Error('duplicate key'), { code: '23505' }))],
  ])('treats %s as a real failure', (_name, err) => expect(isTransientDatabaseError(err)).toBe(false))
})
