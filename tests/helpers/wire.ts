// Holds JSON text written by hand to the zod schema the API documents for it.
import { expect } from 'vitest'

/**
 * Parses `text` and checks it against `schema` both ways: a missing or mistyped field fails the parse, and since
 * parsing drops keys the schema does not know, comparing the parsed value with the text's catches an extra key.
 */
export function parsedExactly<T>(schema: { parse(value: unknown): T }, text: string): T {
  const value: unknown = JSON.parse(text)
  const parsed = schema.parse(value)
  expect(parsed).toEqual(value)
  return parsed
}
