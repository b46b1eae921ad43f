// packages/db declares the role list once more for its queries; until it imports core's, the two must stay the same.
import { STAFF_ROLES } from '@meldpunt/core/api'
import { STAFF_ROLES as STORED_ROLES } from '@meldpunt/db'
import { describe, expect, it } from 'vitest'

describe('staff roles', () => {
  it('are the same list in the wire contract and in the database package', () => {
    expect([...STORED_ROLES]).toEqual([...STAFF_ROLES])
  })
})
