// Where the browser tests' own build of the web app lives (gitignored, under artifacts/).
import { fileURLToPath } from 'node:url'

export const BROWSER_DIST = fileURLToPath(new URL('../../artifacts/browser-dist', import.meta.url))
