import { describe, expect, it } from 'vitest'
import { docsContentSecurityPolicy } from './security-headers.js'

describe('docsContentSecurityPolicy', () => {
  it("keeps swagger-ui's hashes and drops every source from elsewhere", () => {
    const upstream =
      "default-src 'self'; base-uri 'self'; font-src 'self' https: data:; frame-ancestors 'self'; img-src 'self' data: validator.swagger.io; object-src 'none'; script-src 'self' 'sha256-abc/+='; script-src-attr 'none'; style-src 'self' https: 'sha256-d.e='; upgrade-insecure-requests;"
    expect(docsContentSecurityPolicy(upstream)).toBe(
      "default-src 'self'; base-uri 'self'; font-src 'self' data:; frame-ancestors 'none'; img-src 'self' data:; object-src 'none'; script-src 'self' 'sha256-abc/+='; script-src-attr 'none'; style-src 'self' 'sha256-d.e='",
    )
  })
})
