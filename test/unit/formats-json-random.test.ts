// The JSON Lines loader against an independent reading of the same lines: JSON.parse and a flattening
// written here, on seeded random records (keys in any order, optional keys, nested objects, arrays, text
// that needs escapes, random whitespace between tokens), cut into small batches and small stream chunks.
import { describe, expect, it } from 'vitest';
import { loadJson } from '../../src/lib/engine/formats/json.ts';
import {
	choppedSource,
	columnsOf,
	duck,
	nextTable,
	rowsOf,
	useFormatsDuck
} from './support/formats-fixture.ts';
import { mulberry32 } from './support/random.ts';

useFormatsDuck();

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const TEXTS = [
	'page_view',
	'Bought "it"',
	'back\\slash',
	'line\nbreak',
	'tab\there',
	'Ünïcødé',
	'🚀 日本',
	'',
	'\u0001'
];

function record(rnd: () => number): Record<string, Json> {
	const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
	const fields: [string, Json][] = [
		['event', pick(TEXTS)],
		['user_id', `u${Math.floor(rnd() * 50)}`],
		['n', Math.floor((rnd() - 0.5) * 2 ** 54)],
		['price', pick([Math.round(rnd() * 1e6) / 100, rnd() * 1e10, 5, -0.001])],
		['ok', rnd() < 0.5],
		['props', { $browser: pick(['Chrome', 'Firefox']), depth: { x: Math.floor(rnd() * 100) } }],
		['tags', [pick(TEXTS), 1.5, { k: null }]],
		['maybe', rnd() < 0.7 ? null : pick(TEXTS)]
	];
	const kept = fields.filter(([key]) => key === 'event' || rnd() < 0.8);
	for (let i = kept.length - 1; i > 0; i--) {
		const j = Math.floor(rnd() * (i + 1));
		[kept[i], kept[j]] = [kept[j], kept[i]];
	}
	return Object.fromEntries(kept);
}

/** JSON text with random JSON whitespace between tokens. */
function write(v: Json, rnd: () => number): string {
	const ws = () => ['', ' ', '\t', '  '][Math.floor(rnd() * 4)];
	if (Array.isArray(v)) return `[${ws()}${v.map((x) => write(x, rnd)).join(`${ws()},${ws()}`)}${ws()}]`;
	if (v !== null && typeof v === 'object') {
		const members = Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}${ws()}:${ws()}${write(x, rnd)}`);
		return `{${ws()}${members.join(`${ws()},${ws()}`)}${ws()}}`;
	}
	return JSON.stringify(v);
}

/** The reference flattening: objects to dotted keys, arrays as JSON.stringify writes them. */
function flatten(v: Json, path: string, out: Record<string, Json>): void {
	if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
		for (const [k, x] of Object.entries(v)) flatten(x, path ? `${path}.${k}` : k, out);
	} else out[path] = Array.isArray(v) ? JSON.stringify(v) : v;
}

describe('loadJson on random JSON Lines', () => {
	it('holds what JSON.parse reads, value for value, whatever the batches and chunks', async () => {
		const rnd = mulberry32(14);
		const lines = Array.from({ length: 1500 }, () => write(record(rnd), rnd));
		const expected = lines.map((line) => {
			const out: Record<string, Json> = {};
			flatten(JSON.parse(line) as Json, '', out);
			return out;
		});
		const names = [...new Set(expected.flatMap((r) => Object.keys(r)))];
		const rows = expected.map((r) => Object.fromEntries(names.map((n) => [n, r[n] ?? null])));
		const bytes = new TextEncoder().encode(lines.join('\n') + '\n');
		for (const [chunk, batchRows] of [
			[97, 50],
			[1 << 16, 333],
			[5, 1000]
		]) {
			const table = nextTable();
			const stats = await loadJson(duck, choppedSource('random.jsonl', bytes, chunk), table, { batchRows });
			expect(stats).toEqual({ rows: lines.length, rejected: [], rejectedCount: 0 });
			expect((await columnsOf(table)).map((c) => c.name).sort()).toEqual([...names].sort());
			const got = await rowsOf(table);
			expect(got.map((r) => Object.fromEntries(names.map((n) => [n, r[n]])))).toEqual(rows);
		}
	});

	it('types each column by every value it holds', async () => {
		const rnd = mulberry32(15);
		const lines = Array.from({ length: 400 }, () => write(record(rnd), rnd));
		const table = nextTable();
		await loadJson(
			duck,
			choppedSource('typed.jsonl', new TextEncoder().encode(lines.join('\n')), 4096),
			table,
			{
				batchRows: 64
			}
		);
		expect(Object.fromEntries((await columnsOf(table)).map((c) => [c.name, c.type]))).toEqual({
			event: 'VARCHAR',
			user_id: 'VARCHAR',
			n: 'BIGINT',
			price: 'DOUBLE',
			ok: 'BOOLEAN',
			'props.$browser': 'VARCHAR',
			'props.depth.x': 'BIGINT',
			tags: 'VARCHAR',
			maybe: 'VARCHAR'
		});
	});
});
