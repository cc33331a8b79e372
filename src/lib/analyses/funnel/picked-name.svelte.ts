/**
 * The name field of "save as segment" for a picked part of a result: it shows the pick's default name until
 * the user types, and what they typed holds only for that pick and that default. A new pick, or a new result
 * that names the same pick differently, brings the new default back, so users dropped at step 2 are never
 * saved under the name typed (or generated) for step 3.
 */
export class PickedName {
	#typed = $state<{ name: string; of: string } | null>(null);
	readonly #pick: () => unknown;
	readonly #fallback: () => string;

	/** `pick`: the current pick (compared as JSON); `fallback`: its default name, '' with nothing picked. */
	constructor(pick: () => unknown, fallback: () => string) {
		this.#pick = pick;
		this.#fallback = fallback;
	}

	#key(fallback: string): string {
		return JSON.stringify([this.#pick() ?? null, fallback]);
	}

	/** The name to save under: the one typed for this pick, else the default. */
	get value(): string {
		const fallback = this.#fallback();
		const t = this.#typed;
		return t && t.of === this.#key(fallback) ? t.name : fallback;
	}

	set value(name: string) {
		this.#typed = { name, of: this.#key(this.#fallback()) };
	}
}
