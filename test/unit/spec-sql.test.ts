import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/engine/duck.ts';
import { createNodeDuck } from '../../src/lib/engine/node-duck.ts';
import type { RowFilter } from '../../src/lib/spec/types.ts';
import { NASTY, WEIRD, asNumber, makeRows, matches, type TRow } from './support/filter-reference.ts';
import { filterSql } from '../../src/lib/sql/filters.ts';
import { ident, literal } from '../../src/lib/sql/quote.ts';
import {
	parseValueExpr,
	valueExprColumns,
	valueExprSql,
	ValueExprError
} from '../../src/lib/sql/value-expr.ts';

// Filters and value expressions compiled to SQL and run on a real DuckDB-WASM, each compared with a plain
// TypeScript evaluation of the same filter over the same rows (split from spec.test.ts).

let duck: Database;
const rows = makeRows();

beforeAll(async () => {
	duck = await createNodeDuck();
	await duck.exec(`CREATE TABLE t (id INTEGER, name VARCHAR, price DOUBLE, qty INTEGER, flag BOOLEAN, ts TIMESTAMP,
		numtext VARCHAR, ${ident(WEIRD)} VARCHAR, "Unit Price" DOUBLE, "Revenue (EUR)" DOUBLE)`);
	const num = (x: number | null) => (x === null ? 'NULL' : `${x}::DOUBLE`);
	await duck.exec(
		'INSERT INTO t VALUES ' +
			rows
				.map(
					(r) =>
						`(${r.id}, ${literal(r.name)}, ${num(r.price)}, ${literal(r.qty)}, ${literal(r.flag)}, ` +
						`${r.ts === null ? 'NULL' : `epoch_ms(${r.ts}::BIGINT)`}, ${literal(r.numtext)}, ${literal(r.weird)}, ` +
						`${num(r.unitPrice)}, ${num(r.revenue)})`
				)
				.join(', ')
	);
});

const ids = async (where: string) =>
	(await duck.rows<{ id: number }>(`SELECT id FROM t WHERE ${where} ORDER BY id`)).map((r) => r.id);

describe('filterSql on DuckDB-WASM', () => {
	const cases: RowFilter[] = [
		{ column: 'name', op: '=', value: 'bob' },
		{ column: 'name', op: '!=', value: 'bob' },
		{ column: 'name', op: '=', value: "o'hara" },
		{ column: 'name', op: '=', value: null },
		{ column: 'name', op: '!=', value: null },
		{ column: 'name', op: 'in', value: ['alice', 'carol', null] },
		{ column: 'name', op: 'not_in', value: ['alice', 'carol'] },
		{ column: 'name', op: 'not_in', value: ['alice', null] },
		{ column: 'name', op: 'contains', value: 'ob' },
		{ column: 'name', op: 'contains', value: '%_' },
		{ column: 'name', op: 'starts_with', value: 'B' },
		{ column: 'name', op: 'starts_with', value: '100%' },
		{ column: 'name', op: '>', value: 'bob' },
		{ column: 'name', op: 'is_null' },
		{ column: 'name', op: 'not_null' },
		{ column: 'price', op: '>', value: 2 },
		{ column: 'price', op: '>=', value: 2 },
		{ column: 'price', op: '<', value: 1.5 },
		{ column: 'price', op: '<=', value: -3 },
		{ column: 'price', op: '=', value: 7.25 },
		{ column: 'price', op: '!=', value: 0 },
		{ column: 'price', op: 'in', value: [0, 12.5] },
		{ column: 'qty', op: 'not_in', value: [0, 1] },
		{ column: 'qty', op: '>=', value: 2.5 },
		{ column: 'numtext', op: '>', value: 6 },
		{ column: 'numtext', op: '=', value: 12.5 },
		{ column: 'numtext', op: '!=', value: 5 },
		{ column: 'numtext', op: '>', value: '6' },
		{ column: 'numtext', op: 'in', value: [5, 'abc'] },
		{ column: 'flag', op: '=', value: true },
		{ column: 'flag', op: '!=', value: true },
		{ column: 'ts', op: '>=', value: '2025-01-01' },
		{ column: 'ts', op: '<', value: '2025-01-01 10:30:00' },
		{ column: 'ts', op: 'starts_with', value: '2025-01-01' },
		{ column: 'qty', op: 'contains', value: '0' },
		{ column: 'Unit Price', op: '<', value: 1 },
		{ column: WEIRD, op: '=', value: NASTY },
		{ column: WEIRD, op: 'contains', value: '"; DROP' }
	];

	it.each(cases.map((f) => [JSON.stringify(f), f] as const))('%s', async (_label, f) => {
		const expected = rows.filter((r) => matches(r, f)).map((r) => r.id);
		expect(await ids(filterSql([f]))).toEqual(expected);
	});

	it('the cases are not vacuous: almost all keep some rows and drop others', () => {
		const mixed = cases.filter((f) => {
			const n = rows.filter((r) => matches(r, f)).length;
			return n > 0 && n < rows.length;
		});
		expect(mixed.length).toBe(cases.length);
	});

	it('ANDs several filters and is TRUE for none', async () => {
		const fs = cases.slice(15, 18);
		expect(await ids(filterSql(fs))).toEqual(
			rows.filter((r) => fs.every((f) => matches(r, f))).map((r) => r.id)
		);
		expect(filterSql([])).toBe('TRUE');
		expect(await ids(filterSql([]))).toEqual(rows.map((r) => r.id));
	});

	it('a number compared with a text column does not fail the query', async () => {
		expect(await ids(filterSql([{ column: 'name', op: '>', value: 3 }]))).toEqual([]);
		await expect(ids(filterSql([{ column: 'ts', op: '=', value: 3 }]))).resolves.toBeInstanceOf(Array);
	});

	it('hostile names and values stay data', async () => {
		const hits = await ids(filterSql([{ column: WEIRD, op: '=', value: NASTY }]));
		expect(hits.length).toBeGreaterThan(0);
		expect(await duck.tableExists('t')).toBe(true);
		expect(await ids(filterSql([{ column: 'name', op: '=', value: "x' OR '1'='1" }]))).toEqual([]);
		expect(await ids(filterSql([{ column: 'name', op: 'in', value: ["'); DROP TABLE t; --"] }]))).toEqual([]);
		expect((await duck.rows<{ n: number }>('SELECT count(*)::INTEGER AS n FROM t'))[0].n).toBe(rows.length);
		expect(() => filterSql([{ column: 'name', op: '=', value: 'a\u0000b' }])).toThrow(/NUL/);
	});

	it('a custom column mapping is used for every column', async () => {
		const sql = filterSql([{ column: 'name', op: '=', value: 'bob' }], (name) => `t.${ident(name)}`);
		expect(await ids(sql)).toEqual(rows.filter((r) => r.name === 'bob').map((r) => r.id));
	});
});

describe('value expressions on DuckDB-WASM', () => {
	const columns = ['id', 'name', 'price', 'qty', 'numtext', WEIRD, 'Unit Price', 'Revenue (EUR)'];
	type Num = number | null;
	const bin = (a: Num, b: Num, f: (x: number, y: number) => Num): Num =>
		a === null || b === null ? null : f(a, b);
	const cases: [string, (r: TRow) => Num][] = [
		['qty * Unit Price', (r) => bin(r.qty, r.unitPrice, (a, b) => a * b)],
		[
			'price + qty * 2',
			(r) =>
				bin(
					r.price,
					bin(r.qty, 2, (a, b) => a * b),
					(a, b) => a + b
				)
		],
		[
			'(price + qty) * 2',
			(r) =>
				bin(
					bin(r.price, r.qty, (a, b) => a + b),
					2,
					(a, b) => a * b
				)
		],
		[
			'price / (qty - 2)',
			(r) =>
				bin(
					r.price,
					bin(r.qty, 2, (a, b) => a - b),
					(a, b) => (b === 0 ? null : a / b)
				)
		],
		['-price - -1.5e1', (r) => bin(r.price === null ? null : -r.price, -15, (a, b) => a - b)],
		['Revenue (EUR) / qty', (r) => bin(r.revenue, r.qty, (a, b) => (b === 0 ? null : a / b))],
		[
			'price - qty - 1',
			(r) =>
				bin(
					bin(r.price, r.qty, (a, b) => a - b),
					1,
					(a, b) => a - b
				)
		],
		['numtext * 2', (r) => bin(asNumber('numtext', r.numtext), 2, (a, b) => a * b)],
		['"Unit Price"*.5', (r) => bin(r.unitPrice, 0.5, (a, b) => a * b)],
		['7 / 2', () => 3.5]
	];

	it.each(cases)('%s', async (text, compute) => {
		const sql = valueExprSql(parseValueExpr(text, columns));
		const got = await duck.rows<{ id: number; v: number | null }>(
			`SELECT id, ${sql} AS v FROM t ORDER BY id`
		);
		expect(got.map((r) => r.v)).toEqual(rows.map(compute));
	});

	it('reads names with spaces, parentheses and quotes, longest name first', async () => {
		const e = parseValueExpr('Revenue (EUR) * 2', ['Revenue', 'Revenue (EUR)']);
		expect(valueExprColumns(e)).toEqual(['Revenue (EUR)']);
		expect(valueExprColumns(parseValueExpr('"a""b" + a', ['a"b', 'a']))).toEqual(['a"b', 'a']);
		const weird = valueExprSql(parseValueExpr(`"${WEIRD.replaceAll('"', '""')}" + 1`, columns));
		await expect(duck.rows(`SELECT ${weird} AS v FROM t`)).resolves.toBeInstanceOf(Array);
		expect(await duck.tableExists('t')).toBe(true);
	});

	it('rejects anything else, naming the position', () => {
		const err = (text: string) => {
			try {
				parseValueExpr(text, columns);
			} catch (e) {
				expect(e).toBeInstanceOf(ValueExprError);
				return (e as ValueExprError).message;
			}
			throw new Error(`parsed ${text}`);
		};
		expect(err('qty ^ 2')).toMatch(/Unexpected "\^" at position 5/);
		expect(err('foo + 1')).toMatch(/Unknown column "foo" at position 1/);
		expect(err('prices * 2')).toMatch(/Unknown column "prices" at position 1/);
		expect(err('qty *')).toMatch(/at position 6, found the end/);
		expect(err('(qty + 1')).toMatch(/Expected "\)"/);
		expect(err('qty price')).toMatch(/Expected an operator .* at position 5/);
		expect(err('qty; DROP TABLE t')).toMatch(/Unexpected ";" at position 4/);
		expect(err('sum(qty)')).toMatch(/Unknown column "sum"/);
		expect(err('   ')).toMatch(/empty/);
		expect(err('"nope" + 1')).toMatch(/Unknown column "nope"/);
	});
});
