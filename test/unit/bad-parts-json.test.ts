/**
 * A bad part of a file costs that part, never the load, the worker or the earlier dataset (issue 7). Each
 * hostile input is generated here.
 */
import { describe, expect, it } from 'vitest';
import { EngineCore } from '../../src/lib/engine/core.ts';
import { loadJson } from '../../src/lib/engine/formats/json.ts';
import { deepJsonText, jsonText } from '../../src/lib/engine/formats/json-text.ts';
import { sniffFile } from '../../src/lib/engine/sniff.ts';
import { ident } from '../../src/lib/sql/quote.ts';
import { duck, file, useBadPartsDuck } from './support/bad-parts-fixture.ts';

useBadPartsDuck();

describe('JSON nested 10,000 deep', () => {
	const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
	const lines = [
		`{"user":"u1","time":"2025-01-01T10:00:00Z","event":"e","deep":${deep(10_000)}}`,
		`{"user":"u2","time":"2025-01-02T10:00:00Z","event":"e","arr":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
		`{"user":"u3","time":"2025-01-03T10:00:00Z","event":"f"}`
	];

	it('keeps the record, the deep part as JSON text, instead of overflowing the stack', async () => {
		const source = await file('deep.jsonl', lines.join('\n') + '\n');
		const report = await new EngineCore(duck).ingest([source], {});
		expect(report.rows).toBe(3);
		expect(report.rejected).toBe(0);
		const deepColumn = ['deep', ...Array(31).fill('a')].join('.');
		expect(report.columns.map((c) => c.name)).toEqual(['user', 'time', 'event', deepColumn, 'arr']);
		const [row] = await duck.rows<Record<string, string>>(
			`SELECT ${ident(deepColumn)} AS d FROM events WHERE __user = 'u1'`
		);
		// 32 keys make the column name; the levels below them are its value, as JSON text.
		expect(row.d).toBe(deep(10_000 - 31));
		const [arr] = await duck.rows<{ a: string }>(`SELECT arr AS a FROM events WHERE __user = 'u2'`);
		expect(arr.a).toBe('['.repeat(10_000) + ']'.repeat(10_000));
	});

	it('previews the file instead of overflowing the stack', async () => {
		const source = await file('deep.jsonl', lines.join('\n') + '\n');
		const preview = await sniffFile(source.blob, source.name);
		expect(preview.error).toBeUndefined();
		expect(preview.format).toBe('jsonl');
		expect(preview.columns).toHaveLength(5);
		expect(preview.rows[0][3]).toBe(deep(10_000 - 31));
	});

	it('writes deep values as JSON.stringify writes shallow ones', () => {
		const values: unknown[] = [
			{ a: [1, 'x', null, true, { b: undefined, c: 2.5 }], d: {}, e: [], f: '"\n\u2028' },
			[undefined, () => 1, NaN, -0, Infinity],
			{ big: 2n ** 40n, huge: 2n ** 70n, bytes: new Uint8Array([0, 15, 255]), when: new Date(0) },
			'text',
			null,
			42
		];
		for (const v of values) expect(deepJsonText(v)).toBe(jsonText(v));
		expect(jsonText({ big: 2n ** 70n })).toBe('{"big":"1180591620717411303424"}');
		expect(() => JSON.parse(jsonText(JSON.parse(deep(50_000))))).not.toThrow();
	});
});

describe('prototype-polluting JSON', () => {
	const records = [
		'{"user":"u1","time":"2025-01-01T10:00:00Z","__proto__":{"polluted":"yes","isAdmin":true},"constructor":{"prototype":{"bad":1}}}',
		'{"user":"u2","time":"2025-01-02T10:00:00Z","__proto__":"text","constructor":"c","toString":"t","hasOwnProperty":"h"}',
		'{"user":"u3","time":"2025-01-03T10:00:00Z","event_params":[{"key":"__proto__","value":{"string_value":"kv"}}]}'
	];

	it('is data only: its keys are columns, nothing reaches a prototype', async () => {
		const source = await file('proto.jsonl', records.join('\n') + '\n');
		const report = await new EngineCore(duck).ingest([source], { columns: { user: 'user', time: 'time' } });
		expect(report.rows).toBe(3);
		expect(report.columns.map((c) => c.name).sort()).toEqual(
			[
				'user',
				'time',
				'__proto__.polluted',
				'__proto__.isAdmin',
				'constructor.prototype.bad',
				'__proto__',
				'constructor',
				'toString',
				'hasOwnProperty',
				'event_params.__proto__'
			].sort()
		);
		const rows = await duck.rows<Record<string, unknown>>(
			`SELECT "__proto__", "__proto__.polluted", "constructor", "constructor.prototype.bad", "toString",
			   "event_params.__proto__" FROM events ORDER BY __row`
		);
		expect(rows.map((r) => Object.entries(r))).toEqual([
			[
				['__proto__', null],
				['__proto__.polluted', 'yes'],
				['constructor', null],
				['constructor.prototype.bad', 1],
				['toString', null],
				['event_params.__proto__', null]
			],
			[
				['__proto__', 'text'],
				['__proto__.polluted', null],
				['constructor', 'c'],
				['constructor.prototype.bad', null],
				['toString', 't'],
				['event_params.__proto__', null]
			],
			[
				['__proto__', null],
				['__proto__.polluted', null],
				['constructor', null],
				['constructor.prototype.bad', null],
				['toString', null],
				['event_params.__proto__', 'kv']
			]
		]);
		expect(Object.getPrototypeOf(rows[1])).toBe(Object.prototype);
		const probe = {} as Record<string, unknown>;
		expect([probe.polluted, probe.isAdmin, probe.bad]).toEqual([undefined, undefined, undefined]);
	});

	it('previews as data only: a record without `constructor` shows an empty cell', async () => {
		const source = await file('proto.jsonl', records.join('\n') + '\n');
		const preview = await sniffFile(source.blob, source.name);
		const cell = (row: number, column: string) => preview.rows[row][preview.columns.indexOf(column)];
		expect(preview.columns).toContain('__proto__');
		expect(cell(1, '__proto__')).toBe('text');
		expect(cell(0, '__proto__.polluted')).toBe('yes');
		expect(cell(2, 'constructor')).toBe('');
		expect(cell(2, 'toString')).toBe('');
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('loads the key-value form of GA4 with a `__proto__` key as a column', async () => {
		const table = 'proto_kv';
		const stats = await loadJson(duck, await file('kv.jsonl', records[2] + '\n'), table);
		expect(stats.rows).toBe(1);
		expect(await duck.rows(`SELECT * FROM ${ident(table)}`)).toEqual([
			{ user: 'u3', time: '2025-01-03T10:00:00Z', 'event_params.__proto__': 'kv' }
		]);
	});
});
