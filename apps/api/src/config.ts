// Reads and validates the environment once at boot; a bad variable stops the process with a message naming it.
import { z } from 'zod'

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const positiveInt = z.coerce.number().int().positive()

export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  /** Seed demo data into an empty database at start. Defaults to true on the embedded database, false on PostgreSQL. */
  SEED_DEMO: bool.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest accepted request body in bytes; larger bodies get 413. */
  BODY_LIMIT: positiveInt.default(64 * 1024),
  /** Requests per minute per (hashed) address on intake; receipts are stricter still. */
  RATE_LIMIT_REPORTS: positiveInt.default(30),
  RATE_LIMIT_RECEIPTS: positiveInt.default(10),
  RATE_LIMIT_GLOBAL: positiveInt.default(600),
  DB_POOL_SIZE: positiveInt.default(10),
  DB_STATEMENT_TIMEOUT_MS: positiveInt.default(15_000),
  /** Folder of the built web app (apps/web/dist); unset or missing: the API runs without pages. */
  WEB_DIST: z.string().optional(),
  /** Optional MapLibre style URL for the resident map (e.g. PDOK BRT-Achtergrondkaart); unset: built-in style. */
  MAP_STYLE_URL: z.string().url().optional(),
})

export type Config = z.infer<typeof ConfigSchema>

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, the way .env files usually mean them.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = ConfigSchema.safeParse(cleaned)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`)
  }
  return parsed.data
}

/** A configuration for tests and tools: defaults plus overrides, no environment. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...ConfigSchema.parse({}), LOG_LEVEL: 'silent', ...overrides }
}
