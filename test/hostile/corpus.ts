/**
 * The hostile corpus of issue 7: over a hundred named inputs of every kind the issue lists, each with the
 * outcome it must have, counted by hand from how it is made. Generated in code (deterministic; nothing
 * large is committed); the unit test runs every entry through the CLI (test/unit/hostile-cli.test.ts), the
 * browser test drops those marked `page` into one page session (test/e2e/hostile.spec.ts).
 */
import { byteKinds } from './kinds/bytes.ts';
import { delimited } from './kinds/delimited.ts';
import { manyFiles } from './kinds/files.ts';
import { gzipAndSize } from './kinds/gzip.ts';
import { shapes } from './kinds/shapes.ts';
import { urls } from './kinds/urls.ts';
import { specs } from './kinds/specs.ts';
import { structured } from './kinds/structured.ts';
import { text } from './kinds/text.ts';
import { timeAndFiles } from './kinds/times.ts';
import type { HostileInput, Kind } from './make.ts';

export type { HostileFile, HostileInput, Kind, Loaded, Outcome } from './make.ts';

/** Every entry, in a fixed order; names are unique. */
export async function hostileCorpus(): Promise<HostileInput[]> {
	const all = [
		...delimited(),
		...shapes(),
		...text(),
		...urls(),
		...byteKinds(),
		...gzipAndSize(),
		...(await structured()),
		...timeAndFiles(),
		...manyFiles(),
		...specs()
	];
	const seen = new Set<string>();
	for (const entry of all) {
		if (seen.has(entry.name)) throw new Error(`two corpus entries are called "${entry.name}"`);
		seen.add(entry.name);
	}
	return all;
}

/** How many entries of each kind. */
export function countByKind(corpus: HostileInput[]): Record<Kind, number> {
	const out = {} as Record<Kind, number>;
	for (const e of corpus) out[e.kind] = (out[e.kind] ?? 0) + 1;
	return out;
}
