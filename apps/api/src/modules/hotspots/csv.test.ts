// CSV fields: RFC 4180 quoting and the OWASP rule against formulas in exported cells.
import { describe, expect, it } from 'vitest'
import { csvField, csvLine } from './service.js'

describe('csvField', () => {
  it('defuses every value a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`)
    expect(csvField('+1+1')).toBe("'+1+1")
    expect(csvField('-1+1')).toBe("'-1+1")
    expect(csvField('-2-cmd|calc')).toBe("'-2-cmd|calc")
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvField('\t=1')).toBe("'\t=1")
    expect(csvField('\r=1')).toBe(`"'\r=1"`)
  })

  it('leaves numbers numbers, negative ones included', () => {
    expect(csvField(-1.5)).toBe('-1.5')
    expect(csvField('-1.234567')).toBe('-1.234567')
    expect(csvField('3e-7')).toBe('3e-7')
    expect(csvField(0)).toBe('0')
  })

  it('quotes commas, quotes and line breaks, and writes empty for null', () => {
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField(null)).toBe('')
    expect(csvLine(['x', -2, '=1'])).toBe("x,-2,'=1\r\n")
  })
})
