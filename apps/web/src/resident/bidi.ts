// Right-to-left text with left-to-right islands: numbers, times and Latin terms kept whole inside Arabic.

/** A run of Latin letters and digits, with the punctuation that belongs inside it ("LGBTI+", "18:00–24:00"). */
const LATIN_RUN = /[A-Za-z0-9](?:[A-Za-z0-9+\-–:./ ]*[A-Za-z0-9+])?/g

/** Wraps each left-to-right run in LRI…PDI, so brackets and signs around it are not mirrored or moved. */
export function isolateLatin(text: string): string {
  return text.replace(LATIN_RUN, (run) => `\u2066${run}\u2069`)
}
