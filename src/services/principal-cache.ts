import type { Principal } from './principal.ts';

/** Default of SLOTBASE_AUTH_CACHE_MS. */
export const DEFAULT_AUTH_CACHE_MS = 10_000;
/** Entries kept at most; a full cache starts over rather than tracking use. */
const MAX_ENTRIES = 10_000;

export interface CachedKey {
  principal: Principal;
  lastUsedAt: number | null;
}

/**
 * Resolved API keys by token hash, for a short time: most requests then need no database
 * lookup to authenticate. It is used only while the store delivers change notices
 * (PostgreSQL LISTEN/NOTIFY): a key revoked or edited by any process, or a deleted location,
 * empties it on every server as the change commits; this process empties it at once as well.
 * Without notices (SQLite, where a lookup is cheap, or while the notice connection is down)
 * every request looks its key up. The TTL runs on the machine's monotonic time, not the
 * service clock, which a test deployment may have frozen.
 */
export class PrincipalCache {
  readonly #ttlMs: number;
  readonly #entries = new Map<string, { value: CachedKey; expires: number }>();
  #watching = false;
  /** Bumped by every change: a lookup that began before a change must not be cached after it. */
  #generation = 0;

  /** Started on the first lookup: follows change notices for this cache (not at all with a TTL of 0). */
  #startWatching: ((cache: PrincipalCache) => void) | undefined;

  constructor(ttlMs: number, startWatching?: (cache: PrincipalCache) => void) {
    this.#ttlMs = ttlMs;
    this.#startWatching = ttlMs > 0 ? startWatching : undefined;
  }

  /** Whether change notices arrive; the cache is empty and unused while they do not. */
  setWatching(watching: boolean): void {
    this.#watching = watching;
    this.clear();
  }

  /** Take before looking a key up; pass to `set`. */
  get generation(): number {
    return this.#generation;
  }

  get(hash: string): CachedKey | undefined {
    if (this.#startWatching !== undefined) {
      const start = this.#startWatching;
      this.#startWatching = undefined;
      start(this);
    }
    if (!this.#watching) return undefined;
    const entry = this.#entries.get(hash);
    if (entry === undefined) return undefined;
    if (performance.now() >= entry.expires) {
      this.#entries.delete(hash);
      return undefined;
    }
    return entry.value;
  }

  set(hash: string, value: CachedKey, generation: number): void {
    if (this.#ttlMs <= 0 || !this.#watching || generation !== this.#generation) return;
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    this.#entries.set(hash, { value, expires: performance.now() + this.#ttlMs });
  }

  clear(): void {
    this.#generation++;
    this.#entries.clear();
  }
}
