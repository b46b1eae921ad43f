// Environment variables of campaigns, spike alerts and their webhook; config.ts merges them into the one schema.
import { z } from 'zod'

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const positiveInt = z.coerce.number().int().positive()

export const AlertConfigSchema = z.object({
  /** Run the daily spike check inside the API process. Off for one-shot tools and tests that drive it themselves. */
  SPIKE_SCHEDULE: bool.default(true),
  /** Local (Europe/Amsterdam) hour at which yesterday is checked; a restart after it catches up at once. */
  SPIKE_CHECK_HOUR: z.coerce.number().int().min(0).max(23).default(6),
  /** EARS variant: C1 (baseline the 7 days before), C2 and C3 (7 days before a 2-day guard band). */
  SPIKE_METHOD: z.enum(['C1', 'C2', 'C3']).default('C2'),
  /** One-sided false-alarm rate per series and day, for the EARS bound and the exact Poisson test alike. */
  SPIKE_ALPHA: z.coerce.number().gt(0).lt(0.5).default(0.001),
  /** Floor under the EARS baseline standard deviation, in reports. */
  SPIKE_MIN_SIGMA: z.coerce.number().min(0).default(1),
  /** Fewest reports on one day that can raise an alert. */
  SPIKE_MIN_COUNT: positiveInt.default(5),
  /** A neighbourhood or category is checked on its own only with at least this many reports in the 28 days before. */
  SPIKE_SUBSERIES_MIN_REPORTS: positiveInt.default(28),
  /** Webhook delivery: attempts per run, first retry delay (doubling each time), and the per-attempt timeout. */
  WEBHOOK_MAX_ATTEMPTS: positiveInt.default(5),
  WEBHOOK_RETRY_BASE_MS: positiveInt.default(2_000),
  WEBHOOK_TIMEOUT_MS: positiveInt.default(5_000),
  /** Accept http:// webhook URLs (local receivers in development and tests); otherwise https only. */
  WEBHOOK_ALLOW_HTTP: bool.default(false),
  /**
   * Comma-separated host names or addresses a webhook may reach although they are not public internet addresses (a
   * receiver inside the operator's own network, on purpose). Empty: only public addresses.
   */
  WEBHOOK_ALLOW_HOSTS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean)),
  /** Public address of the report flow, for campaign links and QR codes (https://…). Unset: this server's HOST and PORT, never a request's Host. */
  PUBLIC_BASE_URL: z.string().url().optional(),
})
