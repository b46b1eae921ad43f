// The parity rule every app's catalogues keep: each language has exactly the reference's keys, filled, with the same placeholders.

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',')

/** Every break of the rule, one line each (`nl: missing key.x`), so a test can show them all at once. */
export function catalogueMismatches(catalogues: Record<string, Record<string, string>>, reference: Record<string, string>): string[] {
  const problems: string[] = []
  for (const [lang, messages] of Object.entries(catalogues)) {
    for (const key of Object.keys(reference)) if (!(key in messages)) problems.push(`${lang}: missing ${key}`)
    for (const [key, text] of Object.entries(messages)) {
      if (!(key in reference)) problems.push(`${lang}: unknown ${key}`)
      else if (text.trim() === '') problems.push(`${lang}: empty ${key}`)
      else if (placeholders(text) !== placeholders(reference[key]!)) problems.push(`${lang}: placeholders of ${key}`)
    }
  }
  return problems
}
