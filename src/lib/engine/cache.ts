import { FootfallDb, type CachedResult } from '../workspace/db.ts';

export type { CachedResult };

/** Where results are kept between visits: IndexedDB through Dexie in the browser, a Map in tests. */
export interface ResultCache {
	get(key: string): Promise<CachedResult | undefined>;
	put(key: string, result: unknown): Promise<void>;
	clear(): Promise<void>;
}

/**
 * Results stored under the hash of (dataset fingerprint, spec). Storage problems (private mode, a full quota)
 * must never break an analysis: the cache then just misses, and `onProblem` tells the UI once.
 */
export class DexieResultCache implements ResultCache {
	#db: FootfallDb;
	#warned = false;
	onProblem: ((message: string) => void) | null = null;

	constructor(name = 'footfall') {
		this.#db = new FootfallDb(name);
	}

	async get(key: string) {
		try {
			return await this.#db.results.get(key);
		} catch (e) {
			this.#problem(e);
			return undefined;
		}
	}

	async put(key: string, result: unknown) {
		try {
			await this.#db.results.put({ key, result, createdAt: Date.now() });
		} catch (e) {
			if (isQuota(e)) {
				// Make room by dropping the oldest half, then try once more.
				try {
					const n = await this.#db.results.count();
					const old = await this.#db.results
						.orderBy('createdAt')
						.limit(Math.ceil(n / 2))
						.primaryKeys();
					await this.#db.results.bulkDelete(old);
					await this.#db.results.put({ key, result, createdAt: Date.now() });
					return;
				} catch (again) {
					this.#problem(again);
					return;
				}
			}
			this.#problem(e);
		}
	}

	async clear() {
		try {
			await this.#db.results.clear();
		} catch (e) {
			this.#problem(e);
		}
	}

	#problem(e: unknown) {
		if (this.#warned) return;
		this.#warned = true;
		const why = isQuota(e)
			? 'the browser storage quota is full'
			: `browser storage is unavailable (${e instanceof Error ? e.message : String(e)})`;
		this.onProblem?.(
			`Results are not being cached: ${why}. Analyses still work; they are recomputed each time.`
		);
	}
}

function isQuota(e: unknown): boolean {
	return e instanceof Error && (e.name === 'QuotaExceededError' || /quota/i.test(e.message));
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
