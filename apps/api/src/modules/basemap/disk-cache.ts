// A bounded on-disk cache of upstream answers: least recently used entries go first once the size limit is reached.
import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export type CachedAnswer = { body: Buffer, contentType: string, fresh: boolean }

type Meta = { contentType: string, expiresAt: number }

/**
 * Entries are named by the SHA-256 of their key, so the folder never holds a readable upstream URL (which, for
 * tiles, would say which streets residents looked at). Each entry is a body file and a small JSON file beside it.
 */
export class DiskCache {
  /** Key hash → bytes on disk, in least-recently-used order (a Map keeps insertion order; use re-inserts). */
  private readonly entries = new Map<string, number>()
  private total = 0
  private ready: Promise<void> | undefined

  constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  static hash(key: string): string {
    return createHash('sha256').update(key).digest('hex')
  }

  /** Bytes the cache holds now. */
  get size(): number {
    return this.total
  }

  private init(): Promise<void> {
    this.ready ??= (async () => {
      await mkdir(this.dir, { recursive: true })
      const files = (await readdir(this.dir)).filter((f) => /^[0-9a-f]{64}$/.test(f))
      const found = await Promise.all(files.map(async (f) => ({ f, s: await stat(join(this.dir, f)).catch(() => undefined) })))
      // Oldest first, so a restart keeps the recency order of the last run.
      for (const { f, s } of found.filter((x) => x.s).sort((a, b) => a.s!.mtimeMs - b.s!.mtimeMs)) {
        this.entries.set(f, s!.size)
        this.total += s!.size
      }
      await this.evict()
    })()
    return this.ready
  }

  async get(key: string): Promise<CachedAnswer | undefined> {
    await this.init()
    const name = DiskCache.hash(key)
    const size = this.entries.get(name)
    if (size === undefined) return undefined
    try {
      const [body, metaText] = await Promise.all([readFile(join(this.dir, name)), readFile(join(this.dir, `${name}.json`), 'utf8')])
      const meta = JSON.parse(metaText) as Meta
      this.entries.delete(name)
      this.entries.set(name, size)
      return { body, contentType: meta.contentType, fresh: meta.expiresAt > this.now() }
    } catch {
      await this.remove(name)
      return undefined
    }
  }

  async put(key: string, body: Buffer, contentType: string, maxAgeSeconds: number): Promise<void> {
    await this.init()
    if (body.length > this.maxBytes) return
    const name = DiskCache.hash(key)
    const meta: Meta = { contentType, expiresAt: this.now() + maxAgeSeconds * 1000 }
    await this.remove(name)
    await writeFile(join(this.dir, `${name}.json`), JSON.stringify(meta))
    await writeFile(join(this.dir, name), body)
    this.entries.set(name, body.length)
    this.total += body.length
    await this.evict()
  }

  private async evict(): Promise<void> {
    while (this.total > this.maxBytes && this.entries.size > 0) await this.remove(this.entries.keys().next().value!)
  }

  private async remove(name: string): Promise<void> {
    const size = this.entries.get(name)
    if (size !== undefined) {
      this.entries.delete(name)
      this.total -= size
    }
    await Promise.all([rm(join(this.dir, name), { force: true }), rm(join(this.dir, `${name}.json`), { force: true })])
  }
}
