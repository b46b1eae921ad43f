// Reads and validates the environment once at boot; a bad variable stops the process with a message naming it.
import { BlockList, isIP } from 'node:net'
import { z } from 'zod'
import { AlertConfigSchema } from './modules/alerts/config.js'

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const positiveInt = z.coerce.number().int().positive()

/** One balancer: an IPv4/IPv6 address or a CIDR block narrower than everything (never /0: that trusts all). */
function validProxyEntry(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/')
  const family = isIP(address ?? '')
  if (!family || rest.length) return false
  if (bits === undefined) return true
  if (!/^\d{1,3}$/.test(bits)) return false
  const n = Number(bits)
  return n >= 1 && n <= (family === 4 ? 32 : 128)
}

/** `TRUST_PROXY`: comma-separated addresses or CIDRs of the load balancers whose X-Forwarded-For is believed. */
export const TrustProxySchema = z
  .string()
  .transform((v) => v.split(',').map((e) => e.trim()).filter(Boolean))
  .refine((list) => list.length > 0 && list.every(validProxyEntry), 'a comma-separated list of balancer addresses or CIDRs (never all: no /0, no "true")')

/** Checks addresses against a TRUST_PROXY list (tests and the boot log use it). */
export function proxyMatcher(list: readonly string[]): (address: string) => boolean {
  const block = new BlockList()
  for (const entry of list) {
    const [address = '', bits] = entry.split('/')
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4'
    if (bits === undefined) block.addAddress(address, type)
    else block.addSubnet(address, Number(bits), type)
  }
  return (address) => block.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4')
}

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
  /**
   * Apply migrations at start. A deployment that runs the API as a non-superuser migrates beforehand instead
   * (`npm run migrate -- --owner <role>` as a superuser; docker-compose.yml does) and sets this to false.
   */
  MIGRATE_ON_START: bool.default(true),
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
  /**
   * The base map, always served from our own origin: `pdok` (BRT-Achtergrondkaart vector tiles, Kadaster open
   * data), `none` (air-gapped: municipality outlines only), or an XYZ raster URL template with {z}, {x} and {y}.
   */
  BASEMAP: z
    .string()
    .refine((v) => v === 'pdok' || v === 'none' || (/^https?:\/\//.test(v) && ['{z}', '{x}', '{y}'].every((p) => v.includes(p))), 'pdok, none, or an http(s) URL template with {z}, {x} and {y}')
    .default('pdok'),
  /** Upstream of `BASEMAP=pdok`: the OGC API Tiles style (MapLibre JSON) and tile template of PDOK. */
  BASEMAP_STYLE_URL: z.string().url().default('https://api.pdok.nl/kadaster/brt-achtergrondkaart/ogc/v1/styles/standaard__webmercatorquad?f=json'),
  BASEMAP_TILE_URL: z.string().url().default('https://api.pdok.nl/kadaster/brt-achtergrondkaart/ogc/v1/tiles/WebMercatorQuad/{z}/{y}/{x}?f=mvt'),
  BASEMAP_ATTRIBUTION: z.string().default('Kaartgegevens © Kadaster (BRT-Achtergrondkaart, PDOK)'),
  /** On-disk base-map cache: folder (default DATA_DIR/basemap-cache) and largest total size in bytes. */
  BASEMAP_CACHE_DIR: z.string().min(1).optional(),
  BASEMAP_CACHE_MAX_BYTES: positiveInt.default(256 * 1024 * 1024),
  /** Longest wait for the base-map or place-search upstream before answering without it. */
  UPSTREAM_TIMEOUT_MS: positiveInt.default(3_000),
  /** PDOK Locatieserver v3.1 (suggest, lookup, reverse) behind /api/v1/places; `none` turns place search off. */
  PLACES_URL: z.string().default('https://api.pdok.nl/bzk/locatieserver/search/v3_1'),
  /** Place searches per minute per (hashed) address. */
  RATE_LIMIT_PLACES: positiveInt.default(120),
  /** Staff session cookie: `__Host-` name and Secure flag; turn off only for plain-HTTP development. */
  SESSION_COOKIE_SECURE: bool.default(true),
  /** A staff session ends after this many idle minutes, and after this many hours however active. */
  SESSION_IDLE_MINUTES: positiveInt.default(30),
  SESSION_ABSOLUTE_HOURS: positiveInt.default(12),
  /** How long an invitation or password-reset link works (hours); it works once either way. */
  SIGN_IN_LINK_HOURS: positiveInt.default(72),
  /**
   * Optional mail for sign-in links: smtp://user:pass@host:587 (STARTTLS when the server offers it) or smtps://…:465.
   * Unset: the dashboard shows each link to the admin to pass on. Needs SMTP_FROM and PUBLIC_BASE_URL (links in mail
   * are absolute and never built from a request's Host).
   */
  SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL').optional(),
  SMTP_FROM: z.string().min(3).max(320).optional(),
  /**
   * Failed sign-ins in a row before an account's back-off starts; then each further attempt waits
   * LOGIN_BACKOFF_SECONDS, doubling per failure, at most LOGIN_LOCKOUT_MINUTES. A browser that signed in to the
   * account before is never held back.
   */
  LOGIN_MAX_FAILURES: positiveInt.default(5),
  LOGIN_BACKOFF_SECONDS: positiveInt.default(30),
  LOGIN_LOCKOUT_MINUTES: positiveInt.default(15),
  /** Login attempts per minute per (hashed) address. */
  RATE_LIMIT_LOGIN: positiveInt.default(20),
  /** Fewer reports than this in a hotspot selection gives "not enough data" instead of a map of noise. */
  HOTSPOT_MIN_REPORTS: positiveInt.default(30),
  /** Gi* distance band in cell sizes (1.5: the 8 touching cells and the cell itself). */
  HOTSPOT_DISTANCE_BAND_CELLS: z.coerce.number().min(1).max(10).default(1.5),
  /** Seconds a computed hotspot layer is reused for vector tiles of the same filter. */
  TILE_CACHE_SECONDS: z.coerce.number().int().min(0).default(60),
  /** Bytes the cached hotspot layers of vector tiles may hold together; the oldest layer goes first beyond it. */
  TILE_CACHE_BYTES: z.coerce.number().int().min(0).default(32 * 1024 * 1024),
  // Reliability and abuse resistance: overload shedding, proof of work, rate limits.
  /** Connection wait bound (PostgreSQL only); past it the request gets 503, not a hang. */
  DB_CONNECT_TIMEOUT_MS: positiveInt.default(5_000),
  /** Requests allowed to queue for a pooled connection before new work is shed with 503 + Retry-After. */
  DB_MAX_WAITING: positiveInt.default(50),
  /**
   * Requests processed at once (health and metrics excepted); more get 503 at once instead of queueing in
   * memory. By Little's law, throughput × acceptable latency: about 1,000/s × 0.1 s.
   */
  MAX_IN_FLIGHT: positiveInt.default(100),
  /** Mean event-loop delay (ms) over a sample above which new requests get 503; 0 turns the check off. */
  MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(500),
  /**
   * Heap in use above which new staff requests get 503, so memory stays bounded under overload; 0 turns it off.
   * Residents (reporting, help, receipts, public pages) are refused for memory only past this plus RESIDENT_HEADROOM_BYTES.
   */
  MAX_HEAP_USED_BYTES: z.coerce.number().int().min(0).default(768 * 1024 * 1024),
  /** Memory kept for residents above the staff limits of MAX_HEAP_USED_BYTES and MAX_RSS_BYTES. */
  RESIDENT_HEADROOM_BYTES: z.coerce.number().int().min(0).default(256 * 1024 * 1024),
  /** Resident memory bound; 0 (default) leaves it to the container limit, since the embedded database alone uses ~1.2 GB. */
  MAX_RSS_BYTES: z.coerce.number().int().min(0).default(0),
  /** How often load is sampled (ms). */
  PRESSURE_SAMPLE_INTERVAL_MS: positiveInt.default(500),
  /** Retry-After seconds on an overload 503. */
  OVERLOAD_RETRY_AFTER_SECONDS: positiveInt.default(10),
  /** Accepted reports per municipality per clock hour; beyond it intake answers 503 until the next hour. */
  MUNICIPALITY_HOURLY_CAP: positiveInt.default(5_000),
  /**
   * Addresses or CIDRs of the load balancers in front of the API (comma-separated). Only a request arriving from
   * one of them has its X-Forwarded-For believed; unset: none is, and the peer address is the client.
   */
  TRUST_PROXY: TrustProxySchema.optional(),
  /**
   * Where rate-limit counters live: `memory` (one process) or `database` (shared by every instance, an UNLOGGED
   * PostgreSQL table). Default: `database` with DATABASE_URL, `memory` on the embedded database. Ignored when
   * RATE_LIMIT_REDIS_URL is set: then Redis or Valkey keeps them.
   */
  RATE_LIMIT_STORE: z.enum(['memory', 'database']).optional(),
  RATE_LIMIT_REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  /** Require a solved proof-of-work challenge (GET /api/v1/challenge) in the X-Meldpunt-Pow header of every report. */
  POW_REQUIRED: bool.default(true),
  /**
   * HMAC key for challenges, the same on every instance. Required with DATABASE_URL (several instances may serve one
   * resident); unset on the embedded database: a random key per process (challenges do not survive a restart).
   */
  ALTCHA_HMAC_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Work per challenge: PBKDF2 iterations per attempt, and the largest counter a client may have to reach. */
  POW_COST: positiveInt.default(250),
  POW_MAX_COUNTER: positiveInt.default(5_000),
  /** Seconds a challenge stays valid (and is remembered as used). */
  POW_EXPIRES_SECONDS: positiveInt.default(600),
  /** Used challenges remembered at most; when full of unexpired ones, intake answers 503 rather than forget. */
  POW_REPLAY_CAPACITY: positiveInt.default(100_000),
  RATE_LIMIT_CHALLENGE: positiveInt.default(60),
  /** Minutes between runs of the retention purge; 0 turns the schedule off. */
  RETENTION_INTERVAL_MINUTES: z.coerce.number().int().min(0).default(1440),
  /**
   * Seconds a background job's lease lasts without renewal (renewed every third of it while the job works): when
   * the instance running the spike check or the purge dies, another one takes the run over this long after.
   */
  JOB_LEASE_SECONDS: positiveInt.default(60),
  /** Days an Idempotency-Key (and its stored answer) is kept for retries. */
  IDEMPOTENCY_KEY_TTL_DAYS: positiveInt.default(30),
  /** Longest wait for in-flight requests on SIGTERM before the process exits anyway. */
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(20_000),
  /** GET /metrics exists only when this is set, and then requires `Authorization: Bearer <token>`. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
}).extend(AlertConfigSchema.shape)

export type Config = z.infer<typeof ConfigSchema>

export class ConfigError extends Error {}

/**
 * The configuration from the environment. Command-line tools (`tool: true`) never serve a challenge, so they run on
 * PostgreSQL without ALTCHA_HMAC_KEY; the server refuses to start without it.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, { tool = false }: { tool?: boolean } = {}): Config {
  // Empty strings count as unset, the way .env files usually mean them.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = ConfigSchema.safeParse(cleaned)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`)
  }
  if (!tool && parsed.data.DATABASE_URL && !parsed.data.ALTCHA_HMAC_KEY) {
    // With PostgreSQL several instances may run: a per-process key would refuse challenges issued by the others.
    throw new ConfigError(
      'Invalid environment:\n  ALTCHA_HMAC_KEY: required when DATABASE_URL is set (the same random key of at least 32 characters on every instance, e.g. `openssl rand -hex 32`)',
    )
  }
  if (parsed.data.SMTP_URL && (!parsed.data.SMTP_FROM || !parsed.data.PUBLIC_BASE_URL)) {
    throw new ConfigError('Invalid environment:\n  SMTP_URL: needs SMTP_FROM (the sender address) and PUBLIC_BASE_URL (where staff open the dashboard)')
  }
  return parsed.data
}

/** A configuration for tests and tools: defaults plus overrides, no environment. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  // No test reaches PDOK: those that need a base map or place search start a local stand-in and point here.
  // Proof of work is off here (tests of it turn it on): most tests file reports without solving challenges.
  return { ...ConfigSchema.parse({}), LOG_LEVEL: 'silent', SPIKE_SCHEDULE: false, BASEMAP: 'none', PLACES_URL: 'none', POW_REQUIRED: false, ...overrides }
}
