import { describe, expect, it } from 'vitest'
import { telFor, withLocalServices } from './local-help.js'

describe('telFor', () => {
  it('makes E.164 of Dutch numbers as people write them, keeps short codes, refuses what cannot be called', () => {
    expect(telFor('020 638 5551')).toBe('+31206385551')
    expect(telFor('06-12345678')).toBe('+31612345678')
    expect(telFor('0800-0188')).toBe('+318000188')
    expect(telFor('0900 8844')).toBe('+319008844')
    expect(telFor('+32 2 123 45 67')).toBe('+3221234567')
    expect(telFor('0032 2 123 45 67')).toBe('+3221234567')
    expect(telFor('144')).toBe('144')
    expect(telFor('1234567')).toBeNull()
    expect(telFor('020 638 555')).toBeNull()
  })
})

describe('withLocalServices', () => {
  const service = { name: { nl: 'Één Loket Zuid', en: 'One Desk South' }, phone: '144', text: { nl: 'x', en: 'x' }, urgency: 'support' as const, when: { always: true as const }, priority: 40 }
  it('names new services after their Dutch name, numbering repeats, and lets a local service take back a removed national id', () => {
    const out = withLocalServices({ remove: ['anti-discrimination', 'veilig-thuis'] }, { services: [service, service, { ...service, id: 'anti-discrimination' }] })
    expect(out.services!.map((s) => s.id)).toEqual(['local-een-loket-zuid', 'local-een-loket-zuid-2', 'anti-discrimination'])
    expect(out.remove).toEqual(['veilig-thuis'])
  })
})
