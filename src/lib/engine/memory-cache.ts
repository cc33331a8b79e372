/** The default byte budget of the in-memory result cache: 16 MB of results as JSON (about 8 million characters). */
export const MEMORY_BUDGET = 16 * 1024 * 1024;

interface Entry {
	dataset: string;
	value: unknown;
	bytes: number;
}

/**
 * The results of this tab, in front of IndexedDB (issue 13: a cached analysis reopens in ≤ 50 ms). Keyed by
 * `analysisKeyText` (analyses/spec.ts: dataset fingerprint, kind, version and parsed spec), so a hit is only
 * ever the result of the same dataset and spec; read synchronously, so a screen that opens on a result it has
 * seen draws it in its first frame, without the storage read, the key's hash or a promise in between.
 *
 * Bounded by `budget`: the sum of the results' sizes as JSON (UTF-16 code units, as `JSON.stringify().length`,
 * the measure the IndexedDB cache's budget uses too); past it the least recently used go first, and one result
 * larger than the budget is not kept. `keepOnly(fingerprint)` drops every other dataset's results when a new
 * dataset is loaded (they stay in IndexedDB). Each entry is a private copy and every hit a fresh copy
 * (structuredClone, as IndexedDB hands out), so a screen that changes what it was given changes no one else's.
 */
export class MemoryLru {
	#map = new Map<string, Entry>();
	#bytes = 0;
	readonly budget: number;

	constructor(budget = MEMORY_BUDGET) {
		this.budget = budget;
	}

	/** Bytes (JSON characters) held now; never more than `budget`. */
	get bytes() {
		return this.#bytes;
	}

	get size() {
		return this.#map.size;
	}

	/** A copy of the result under `key`, or undefined; a hit becomes the most recently used. */
	get(key: string): unknown {
		const hit = this.#map.get(key);
		if (!hit) return undefined;
		// A Map iterates in insertion order: re-inserting makes it the newest.
		this.#map.delete(key);
		this.#map.set(key, hit);
		return structuredClone(hit.value);
	}

	/**
	 * Keeps a copy of `value` under `key` (made from `dataset`, its fingerprint). `bytes`, when the caller has
	 * measured it already, saves a second `JSON.stringify`.
	 */
	set(key: string, dataset: string, value: unknown, bytes = JSON.stringify(value ?? null).length) {
		this.delete(key);
		if (bytes > this.budget) return;
		this.#map.set(key, { dataset, value: structuredClone(value), bytes });
		this.#bytes += bytes;
		for (const [old, entry] of this.#map) {
			if (this.#bytes <= this.budget) break;
			this.#map.delete(old);
			this.#bytes -= entry.bytes;
		}
	}

	delete(key: string) {
		const entry = this.#map.get(key);
		if (!entry) return;
		this.#map.delete(key);
		this.#bytes -= entry.bytes;
	}

	/** Drops the results of every dataset but `fingerprint` (a new dataset is in force). */
	keepOnly(fingerprint: string) {
		for (const [key, entry] of this.#map) if (entry.dataset !== fingerprint) this.delete(key);
	}

	clear() {
		this.#map.clear();
		this.#bytes = 0;
	}
}
