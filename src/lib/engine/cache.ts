import { FootfallDb, type CachedResult } from '../workspace/db.ts';
import { isQuotaError } from '../workspace/storage-messages.ts';

export type { CachedResult };

/** Where results are kept between visits: IndexedDB through Dexie in the browser, a Map in tests. */
export interface ResultCache {
	get(key: string): Promise<CachedResult | undefined>;
	/** `fingerprint`: the dataset it was computed on, so that deleting a workspace drops its results. */
	put(key: string, result: unknown, fingerprint?: string): Promise<void>;
	clear(): Promise<void>;
	/** Marks the result under `key` as used now (a hit served from memory), for the least-recently-used order. */
	touch?(key: string): Promise<void>;
}

/** The default size budget of the result cache: 50 MB of results as JSON (about 25 million characters). */
export const RESULT_BUDGET = 50 * 1024 * 1024;

/**
 * Results stored under the hash of (dataset fingerprint, analysis kind and version, spec): every analysis
 * shares it (analyses/spec.ts `analysisKey`). Their sizes as JSON add up to at most `budget` characters: past
 * it, the least recently used results go first (a result used today outlives one computed today and never
 * read again). Storage problems (private mode, a full quota) must never break an analysis: the cache then
 * just misses, and `onProblem` tells the UI once.
 */
export class DexieResultCache implements ResultCache {
	#db: FootfallDb;
	#warned = false;
	readonly budget: number;
	onProblem: ((message: string) => void) | null = null;

	constructor(name: string | FootfallDb = 'footfall', budget = RESULT_BUDGET) {
		this.#db = typeof name === 'string' ? new FootfallDb(name) : name;
		this.budget = budget;
	}

	async get(key: string) {
		try {
			const hit = await this.#db.results.get(key);
			// The last-use time is written after the answer: a hit is not kept waiting for it.
			if (hit) void this.#db.resultInfo.update(key, { usedAt: Date.now() }).catch(() => {});
			return hit;
		} catch (e) {
			this.#problem(e);
			return undefined;
		}
	}

	async touch(key: string) {
		await this.#db.resultInfo.update(key, { usedAt: Date.now() }).catch(() => {});
	}

	async put(key: string, result: unknown, fingerprint?: string) {
		const bytes = JSON.stringify(result ?? null).length;
		// One result larger than the whole budget is not kept: it would push out everything else.
		if (bytes > this.budget) return;
		try {
			await this.#write(key, result, bytes, fingerprint);
		} catch (e) {
			if (isQuotaError(e)) {
				// The browser's own limit is lower than our budget: make room by dropping the oldest half, retry once.
				try {
					const n = await this.#db.resultInfo.count();
					await this.#evict(Math.ceil(n / 2));
					await this.#write(key, result, bytes, fingerprint);
					return;
				} catch (again) {
					this.#problem(again);
					return;
				}
			}
			this.#problem(e);
		}
	}

	/** Writes the result with its size, then evicts least-recently-used results past the budget. */
	async #write(key: string, result: unknown, bytes: number, fingerprint?: string) {
		const db = this.#db;
		const now = Date.now();
		await db.transaction('rw', db.results, db.resultInfo, async () => {
			await db.results.put({ key, result, createdAt: now });
			await db.resultInfo.put({ key, bytes, usedAt: now, ...(fingerprint ? { fingerprint } : {}) });
			let total = 0;
			const infos = await db.resultInfo.orderBy('usedAt').reverse().toArray();
			const over: string[] = [];
			for (const info of infos) {
				total += info.bytes;
				if (total > this.budget && info.key !== key) over.push(info.key);
			}
			if (over.length) {
				await db.results.bulkDelete(over);
				await db.resultInfo.bulkDelete(over);
			}
		});
	}

	async #evict(count: number) {
		const db = this.#db;
		await db.transaction('rw', db.results, db.resultInfo, async () => {
			const old = await db.resultInfo.orderBy('usedAt').limit(count).primaryKeys();
			await db.results.bulkDelete(old);
			await db.resultInfo.bulkDelete(old);
		});
	}

	async clear() {
		try {
			await this.#db.transaction('rw', this.#db.results, this.#db.resultInfo, async () => {
				await this.#db.results.clear();
				await this.#db.resultInfo.clear();
			});
		} catch (e) {
			this.#problem(e);
		}
	}

	#problem(e: unknown) {
		if (this.#warned) return;
		this.#warned = true;
		const why = isQuotaError(e)
			? 'the browser storage quota is full'
			: `browser storage is unavailable (${e instanceof Error ? e.message : String(e)})`;
		this.onProblem?.(
			`Results are not being cached: ${why}. Analyses still work; they are recomputed each time.`
		);
	}
}

export class MemoryResultCache implements ResultCache {
	#map = new Map<string, CachedResult>();
	async get(key: string) {
		return this.#map.get(key);
	}
	async put(key: string, result: unknown) {
		this.#map.set(key, { key, result, createdAt: Date.now() });
	}
	async clear() {
		this.#map.clear();
	}
}
