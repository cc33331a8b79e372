// The byte-range read's parts in DuckDB-WASM (the engine's wasm under Node): read with the options sniffed
// for the whole file (test/bench/ranges/read-options.ts), the quote-aware parts give the whole file's rows,
// and a part cut inside a quoted field fails instead of reading the field's rest as rows (docs/THREADS.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutAtLineEnds } from '../../test/bench/ranges/cut.ts';
import { readOptions, sniffSql } from '../../test/bench/ranges/read-options.ts';
import { createNodeDuck } from '../../src/lib/engine/node-duck.ts';
import { INPUT_DIR } from '../../src/lib/engine/lockdown.ts';
import { literal } from '../../src/lib/sql/quote.ts';
import type { WasmDatabase } from '../../src/lib/engine/wasm-duck.ts';

let db: WasmDatabase;
beforeAll(async () => {
	db = await createNodeDuck();
});
afterAll(async () => {
	await db.close();
});

const bytes = (s: string) => new TextEncoder().encode(s);
const register = (name: string, b: Uint8Array) => db.bindings.registerFileBuffer(INPUT_DIR + name, b);
const read = (name: string, options: string) =>
	db.rows<{ id: number; note: string; n: number }>(
		`SELECT * FROM read_csv(${literal(INPUT_DIR + name)}, ${options}) ORDER BY id`
	);

describe('parts of a CSV read with the whole file’s sniffed options', () => {
	// Row 2's note holds two line feeds inside quotes, and a doubled quote.
	const file = 'id,note,n\n1,plain,10\n2,"two\nline ""feeds""\nhere",20\n3,last,30\n';

	it('give the rows, quoted line ends and types of the whole file, part by part', async () => {
		register('whole.csv', bytes(file));
		const options = readOptions((await db.rows(sniffSql(INPUT_DIR + 'whole.csv')))[0]);
		expect(options).toContain(`quote = '"'`);
		const b = bytes(file);
		const cut = cutAtLineEnds(b, 3);
		// Header 0-9, row 1 10-20, row 2 21-51, row 3 52-61: the first third ends at byte 26, in row 2's
		// quotes, so the cut moves to 52; the second third's cut would be after 52, so it is the file's end.
		expect(cut.ranges).toEqual([
			{ start: 10, end: 52 },
			{ start: 52, end: 62 }
		]);
		expect(cut.movedOutOfQuotes).toBe(1);
		const header = b.subarray(0, cut.headerEnd);
		const rows = [];
		for (const [k, r] of cut.ranges.entries()) {
			const part = new Uint8Array(header.length + r.end - r.start);
			part.set(header);
			part.set(b.subarray(r.start, r.end), header.length);
			register(`part-${k}.csv`, part);
			rows.push(...(await read(`part-${k}.csv`, options)));
		}
		expect(rows).toEqual([
			{ id: 1, note: 'plain', n: 10 },
			{ id: 2, note: 'two\nline "feeds"\nhere', n: 20 },
			{ id: 3, note: 'last', n: 30 }
		]);
	});

	it('fail on a part that a naive cut ended inside a quoted field', async () => {
		register('whole2.csv', bytes(file));
		const options = readOptions((await db.rows(sniffSql(INPUT_DIR + 'whole2.csv')))[0]);
		// Header and row 1, then row 2 up to its first line feed, which is inside the quotes.
		const naive = file.slice(0, file.indexOf('two\n') + 4);
		register('naive.csv', bytes(naive));
		await expect(read('naive.csv', options)).rejects.toThrow(/unterminated quote/i);
	});
});
