// JSON values are read as written (SEMANTICS §1): numbers typed only where the type holds them exactly,
// text and keys byte for byte, bad lines rejected by their line numbers. The expected values come from the
// written text itself, from BigInt and Number, or from TextDecoder + JSON.parse (the platform's own reading).
import { describe, expect, it } from 'vitest';
import { loadJson } from '../../src/lib/engine/formats/json.ts';
import { ident } from '../../src/lib/sql/quote.ts';
import {
	choppedSource,
	columnsOf,
	duck,
	fileSource,
	nextTable,
	rowsOf,
	useFormatsDuck
} from './support/formats-fixture.ts';

useFormatsDuck();

/** Each column of `table` as text (DuckDB's own cast), in row order. */
async function textOf(table: string, column: string): Promise<(string | null)[]> {
	const rows = await duck.rows<{ v: string | null }>(
		`SELECT CAST(${ident(column)} AS VARCHAR) AS v FROM ${ident(table)} ORDER BY rowid`
	);
	return rows.map((r) => r.v);
}

const typeOf = async (table: string, column: string) =>
	(await columnsOf(table)).find((c) => c.name === column)?.type;

describe('loadJson reads numbers exactly', () => {
	it('keeps 64-bit integers exact (JSON.parse would round them), in JSON Lines and in an array', async () => {
		const written = ['9007199254740993', '-9223372036854775808', '9223372036854775807', '12', '-0'];
		const records = written.map((n) => `{"id": ${n}}`);
		expect(String(JSON.parse(records[0]).id)).not.toBe(written[0]);
		for (const [name, text] of [
			['ints.jsonl', records.join('\n')],
			['ints.json', `[\n${records.join(',\n')}\n]`]
		]) {
			const table = nextTable();
			await loadJson(duck, await fileSource(name, text), table);
			expect(await typeOf(table, 'id')).toBe('BIGINT');
			expect(await textOf(table, 'id')).toEqual(written.map((n) => BigInt(n).toString()));
		}
	});

	it('keeps integers past 64 bits and numbers a double cannot hold as text, as written', async () => {
		const cases = [
			['big', ['12345678901234567890123', '5', '-99999999999999999999']],
			['pi', ['3.141592653589793238462643', '0.5']],
			['huge', ['1e400', '2']],
			['tiny', ['1.5', '1e-400']]
		] as const;
		for (const [key, values] of cases) {
			const table = nextTable();
			const text = values.map((v) => `{"${key}":${v}}`).join('\n');
			await loadJson(duck, await fileSource(`${key}.jsonl`, text), table);
			expect(await typeOf(table, key)).toBe('VARCHAR');
			expect(await textOf(table, key)).toEqual([...values]);
		}
	});

	it('reads decimals a double holds as the double JSON.parse reads', async () => {
		const written = [
			'0.1',
			'0.30000000000000004',
			'-12.5',
			'1.7976931348623157e308',
			'5e-324',
			'2.50',
			'1E3'
		];
		const table = nextTable();
		await loadJson(
			duck,
			await fileSource('floats.jsonl', written.map((v) => `{"x":${v}}`).join('\n')),
			table
		);
		expect(await typeOf(table, 'x')).toBe('DOUBLE');
		expect((await rowsOf(table)).map((r) => r.x)).toEqual(written.map(Number));
	});

	it('keeps a column that mixes numbers and text as written, and numbers inside strings as text', async () => {
		const table = nextTable();
		const lines = ['{"v": 1.50, "n": "00042"}', '{"v": "x", "n": "7e3"}', '{"v": 1e2, "n": "-0"}'];
		await loadJson(duck, await fileSource('mixed.jsonl', lines.join('\n')), table);
		expect(await columnsOf(table)).toEqual([
			{ name: 'v', type: 'VARCHAR' },
			{ name: 'n', type: 'VARCHAR' }
		]);
		expect(await rowsOf(table)).toEqual([
			{ v: '1.50', n: '00042' },
			{ v: 'x', n: '7e3' },
			{ v: '1e2', n: '-0' }
		]);
	});
});

describe('loadJson reads text and keys byte for byte', () => {
	it('reads UTF-8, escapes, surrogate pairs and bad bytes as TextDecoder + JSON.parse read them', async () => {
		const encoder = new TextEncoder();
		const parts: Uint8Array[] = [
			encoder.encode(
				'{"s":"Ünïcødé 🚀 日本","t":"tab\\there \\"q\\" \\\\ \\u00e9\\ud83d\\ude80 \\ud800 end"}\n'
			),
			encoder.encode('{"s":"cut '),
			new Uint8Array([
				0xe2, 0x82, 0x22, 0x2c, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xc0, 0xaf, 0xed, 0xa0, 0x80
			]),
			encoder.encode('"}\n'),
			encoder.encode('{"\\u0073":"escaped key","t":null}\n')
		];
		const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
		parts.reduce((at, p) => (bytes.set(p, at), at + p.length), 0);
		const expected = new TextDecoder()
			.decode(bytes)
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line) as Record<string, string | null>);
		// A lone surrogate (`\ud800`) has no UTF-8: a table holds U+FFFD in its place.
		const utf8 = (s: string | null) =>
			s === null ? null : new TextDecoder().decode(new TextEncoder().encode(s));
		for (const chunk of [1, 5, 1 << 16]) {
			const table = nextTable();
			const stats = await loadJson(duck, choppedSource('text.jsonl', bytes, chunk), table);
			expect(stats.rows).toBe(3);
			expect(await rowsOf(table)).toEqual(expected.map((e) => ({ s: utf8(e.s), t: utf8(e.t) })));
		}
	});

	it('finds each key by its bytes wherever it stands, a repeated key keeping its later value', async () => {
		const records = [
			'{"a":1,"b":"x","c":{"d":true}}',
			'{"c":{"d":false},"b":"y","a":2}',
			'{"b":"z","A":3,"a":4,"a":5}',
			'{"c":{"d":null,"e":"new"},"c.d":"flat"}'
		];
		const table = nextTable();
		await loadJson(duck, await fileSource('keys.jsonl', records.join('\n')), table, { batchRows: 2 });
		expect(await columnsOf(table)).toEqual([
			{ name: 'a', type: 'BIGINT' },
			{ name: 'b', type: 'VARCHAR' },
			{ name: 'c.d', type: 'VARCHAR' },
			{ name: 'A_2', type: 'BIGINT' },
			{ name: 'c.e', type: 'VARCHAR' }
		]);
		expect(await rowsOf(table)).toEqual([
			{ a: 1, b: 'x', 'c.d': 'true', A_2: null, 'c.e': null },
			{ a: 2, b: 'y', 'c.d': 'false', A_2: null, 'c.e': null },
			{ a: 5, b: 'z', 'c.d': null, A_2: 3, 'c.e': null },
			{ a: null, b: null, 'c.d': 'flat', A_2: null, 'c.e': 'new' }
		]);
	});

	it('rejects what JSON.parse rejects, with its line, leaving no column of a rejected line behind', async () => {
		const lines = [
			'\ufeff{"user":"u1","n":1}',
			'{"user":"u2","n":01}',
			'{"user":"u3","only_here":1,',
			'   \t ',
			'{"user":"u4","n":1.}',
			'{"user":"u5","s":"raw\ttab"}',
			'{"user":"u6","n":2} x',
			'{"user":"u7","n":-}',
			'{"user":"u8","t":tru}',
			'{"user":"u9","n":3}\r',
			'\u00a0',
			'{"user":"u10","a":[1,2}'
		];
		const table = nextTable();
		const stats = await loadJson(duck, await fileSource('bad.jsonl', lines.join('\n')), table);
		const parses = (line: string) => {
			try {
				JSON.parse(line.replace(/^\ufeff/, ''));
				return true;
			} catch {
				return false;
			}
		};
		const bad = lines.flatMap((l, i) => (l.trim() !== '' && !parses(l) ? [i + 1] : []));
		expect(bad).toEqual([2, 3, 5, 6, 7, 8, 9, 12]);
		expect(stats.rejected.map((r) => r.line)).toEqual(bad);
		expect(stats.rejected.map((r) => r.raw)).toEqual(bad.map((n) => lines[n - 1]));
		expect(stats.rows).toBe(2);
		expect(await rowsOf(table)).toEqual([
			{ user: 'u1', n: 1 },
			{ user: 'u9', n: 3 }
		]);
	});
});
