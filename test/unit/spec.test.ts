import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Duck } from '../../src/lib/engine/duck.ts';
import { createNodeDuck } from '../../src/lib/engine/node-duck.ts';
import { withDatasetDefaults } from '../../src/lib/spec/defaults.ts';
import { canonicalJson } from '../../src/lib/spec/hash.ts';
import { SpecError } from '../../src/lib/spec/check.ts';
import { validateDataset } from '../../src/lib/spec/dataset.ts';
import {
	analysisKey,
	parseAnalysis,
	referencedColumns,
	validateRunnable
} from '../../src/lib/analyses/spec.ts';
import { withRetentionDefaults } from '../../src/lib/analyses/retention/spec.ts';
import type { RowFilter } from '../../src/lib/spec/types.ts';
import { filterSql } from '../../src/lib/sql/filters.ts';
import { ident, literal } from '../../src/lib/sql/quote.ts';
import {
	parseValueExpr,
	valueExprColumns,
	valueExprSql,
	ValueExprError
} from '../../src/lib/sql/value-expr.ts';

function specError(fn: () => unknown): SpecError {
	try {
		fn();
	} catch (e) {
		if (e instanceof SpecError) return e;
		throw e;
	}
	throw new Error('expected a SpecError');
}

const dataset = { files: ['events.csv'], columns: { user: 'distinct_id', time: 'timestamp' } };

describe('validation names the field', () => {
	it('rejects unknown fields, with a suggestion', () => {
		const e = specError(() => parseAnalysis({ kind: 'retention', perods: 12 }));
		expect(e.path).toBe('analysis.perods');
		expect(e.message).toContain('analysis.perods is not a known field of a retention spec');
		expect(e.message).toContain('did you mean "periods"');
		expect(specError(() => validateDataset({ ...dataset, colums: {} })).path).toBe('dataset.colums');
		expect(specError(() => validateDataset({ ...dataset, columns: { user: 'a', tiem: 'b' } })).path).toBe(
			'dataset.columns.tiem'
		);
		expect(
			specError(() => validateRunnable({ dataset, analysis: { kind: 'retention' }, extra: 1 })).path
		).toBe('extra');
	});

	it('rejects wrong types and out-of-range values', () => {
		expect(specError(() => parseAnalysis({ kind: 'retention', periods: 'twelve' })).message).toBe(
			'analysis.periods must be a whole number from 1 to 400, got "twelve"'
		);
		for (const periods of [0, 401, 2.5, null]) {
			expect(specError(() => parseAnalysis({ kind: 'retention', periods })).path).toBe('analysis.periods');
		}
		const e = specError(() => parseAnalysis({ kind: 'retention', period: 'year' }));
		expect(e.path).toBe('analysis.period');
		expect(e.message).toBe('analysis.period must be one of "day", "week", "month", got "year"');
		expect(specError(() => parseAnalysis({ kind: 'retention', breakdown: 3 })).path).toBe(
			'analysis.breakdown'
		);
		// A kind no analysis registers names the known ones; funnel was this example before funnels existed.
		expect(specError(() => parseAnalysis({ kind: 'forecast' })).message).toContain('"retention"');
		expect(specError(() => parseAnalysis({ kind: 'funnel' })).path).toBe('analysis.steps');
		expect(specError(() => parseAnalysis({})).path).toBe('analysis.kind');
		expect(specError(() => parseAnalysis([])).path).toBe('analysis');
	});

	it('checks event references and their filters', () => {
		const where = (f: unknown) => () =>
			parseAnalysis({ kind: 'retention', startEvent: { event: 'signup', where: [f] } });
		expect(specError(where({ column: 'plan', op: 'like', value: 'x' })).path).toBe(
			'analysis.startEvent.where[0].op'
		);
		expect(specError(where({ column: 'plan', op: 'like', value: 'x' })).message).toContain('"starts_with"');
		expect(specError(where({ column: 'plan', op: 'in', value: 'pro' })).path).toBe(
			'analysis.startEvent.where[0].value'
		);
		expect(specError(where({ column: 'plan', op: 'in', value: [] })).path).toBe(
			'analysis.startEvent.where[0].value'
		);
		expect(specError(where({ column: 'plan', op: 'in', value: ['a', {}] })).path).toBe(
			'analysis.startEvent.where[0].value[1]'
		);
		expect(specError(where({ column: 'plan', op: 'not_null', value: 'x' })).message).toContain(
			'takes no value'
		);
		expect(specError(where({ column: 'plan', op: '=', value: [1] })).message).toContain('use "in"');
		expect(specError(where({ column: 'plan', op: '>', value: true })).path).toBe(
			'analysis.startEvent.where[0].value'
		);
		expect(specError(where({ column: '', op: 'is_null' })).path).toBe('analysis.startEvent.where[0].column');
		expect(specError(where({ column: 'a', op: 'is_null', valu: 1 })).path).toBe(
			'analysis.startEvent.where[0].valu'
		);
		expect(
			specError(() => parseAnalysis({ kind: 'retention', returnEvent: { name: 'buy' } })).message
		).toContain('analysis.returnEvent.name is not a known field of an event reference');
		expect(specError(() => parseAnalysis({ kind: 'retention', returnEvent: 5 })).path).toBe(
			'analysis.returnEvent'
		);
	});

	it('checks dates, ranges and cohortBy', () => {
		const range = (r: unknown) => () => parseAnalysis({ kind: 'retention', dateRange: r });
		expect(specError(range({ from: '2025-02-30', to: '2025-03-01' })).path).toBe('analysis.dateRange.from');
		expect(specError(range({ from: '2025-2-3', to: '2025-03-01' })).path).toBe('analysis.dateRange.from');
		expect(specError(range({ from: '2025-03-02', to: '2025-03-01' })).path).toBe('analysis.dateRange');
		expect(specError(range({ from: '2025-03-01' })).path).toBe('analysis.dateRange');
		expect(specError(range({ since: '2025-03-01' })).path).toBe('analysis.dateRange.since');
		expect(specError(range({ last: 0, unit: 'day' })).path).toBe('analysis.dateRange.last');
		expect(specError(range({ last: 7, unit: 'year' })).path).toBe('analysis.dateRange.unit');
		expect(parseAnalysis({ kind: 'retention', dateRange: { last: 30 } })).toMatchObject({
			dateRange: { last: 30, unit: 'day' }
		});
		const e = specError(() => parseAnalysis({ kind: 'retention', cohortBy: 'property' }));
		expect(e.path).toBe('analysis.breakdown');
	});

	it('checks datasets: files, columns, time zone, dedupe, filters', () => {
		expect(specError(() => validateDataset({ ...dataset, files: [] })).path).toBe('dataset.files');
		expect(specError(() => validateDataset({ ...dataset, files: [''] })).path).toBe('dataset.files[0]');
		expect(specError(() => validateDataset({ files: ['a.csv'] })).path).toBe('dataset.columns');
		expect(specError(() => validateDataset({ files: ['a.csv'], columns: {} })).path).toBe(
			'dataset.columns.user'
		);
		const tz = specError(() => validateDataset({ ...dataset, timezone: 'Mars/Olympus_Mons' }));
		expect(tz.path).toBe('dataset.timezone');
		expect(tz.message).toContain('IANA');
		expect(validateDataset({ ...dataset, timezone: 'Europe/London' }).timezone).toBe('Europe/London');
		expect(specError(() => validateDataset({ ...dataset, dedupe: 'id' })).path).toBe('dataset.dedupe');
		expect(specError(() => validateDataset({ ...dataset, format: 'xlsx' })).message).toContain('"jsonl"');
		expect(
			specError(() => validateDataset({ ...dataset, filters: [{ column: 'x', op: 'between' }] })).path
		).toBe('dataset.filters[0].op');
		expect(specError(() => validateDataset({ ...dataset, sessionGapMinutes: 0 })).path).toBe(
			'dataset.sessionGapMinutes'
		);
		expect(specError(() => validateDataset({ ...dataset, header: 'no' })).path).toBe('dataset.header');
	});

	it('a runnable retention spec needs a time column', () => {
		const e = specError(() =>
			validateRunnable({
				dataset: { files: ['a.csv'], columns: { user: 'u' } },
				analysis: { kind: 'retention' }
			})
		);
		expect(e.path).toBe('dataset.columns.time');
		expect(specError(() => validateRunnable({ dataset })).path).toBe('analysis');
		const ok = validateRunnable({ dataset, analysis: { kind: 'retention', startEvent: 'signup' } });
		expect(ok.analysis).toMatchObject({ kind: 'retention', startEvent: { event: 'signup' } });
		expect(ok.dataset.timezone).toBe('UTC');
	});

	it('lists the columns an analysis refers to', () => {
		const a = parseAnalysis({
			kind: 'retention',
			returnEvent: { event: 'buy', where: [{ column: 'amount', op: '>', value: 3 }] },
			breakdown: 'plan'
		});
		expect(referencedColumns(a)).toEqual([
			{ path: 'analysis.returnEvent.where[0].column', column: 'amount' },
			{ path: 'analysis.breakdown', column: 'plan' }
		]);
	});
});

describe('defaults', () => {
	it('fills every retention default in one place', () => {
		expect(withRetentionDefaults({ kind: 'retention' })).toEqual({
			kind: 'retention',
			startEvent: null,
			returnEvent: null,
			type: 'first_time',
			period: 'week',
			periods: 12,
			mode: 'on',
			window: 'calendar',
			breakdown: null,
			cohortBy: 'period',
			dateRange: null,
			segment: null
		});
		expect(parseAnalysis({ kind: 'retention' })).toEqual(withRetentionDefaults({ kind: 'retention' }));
	});

	it('normalises event references', () => {
		const a = withRetentionDefaults({
			kind: 'retention',
			startEvent: 'signup',
			returnEvent: { event: 'buy', where: [] }
		});
		expect(a.startEvent).toEqual({ event: 'signup' });
		expect(a.returnEvent).toEqual({ event: 'buy' });
		expect(withRetentionDefaults({ kind: 'retention', startEvent: { event: null } }).startEvent).toBeNull();
	});

	it('fills dataset defaults; dedupe follows the id column', () => {
		expect(withDatasetDefaults({ files: ['a'], columns: { user: 'u' } })).toEqual({
			files: ['a'],
			columns: { user: 'u' },
			format: 'auto',
			eventName: 'event',
			timeUnit: 'auto',
			dateOrder: 'auto',
			timezone: 'UTC',
			weekStart: 'monday',
			dedupe: 'none',
			filters: [],
			sessionGapMinutes: 30
		});
		expect(withDatasetDefaults({ files: ['a'], columns: { user: 'u', id: 'uuid' } }).dedupe).toBe('id');
		expect(validateDataset({ files: ['a'], columns: { user: 'u', id: 'uuid' } }).dedupe).toBe('id');
		expect(
			withDatasetDefaults({ files: ['a'], columns: { user: 'u', id: 'uuid' }, dedupe: 'row' }).dedupe
		).toBe('row');
	});
});

describe('analysisKey', () => {
	it('is SHA-256 of the canonical JSON of the dataset, the kind, its version and the spec with defaults', async () => {
		const canonical =
			'{"analysis":{"breakdown":null,"cohortBy":"period","dateRange":null,"kind":"retention","mode":"on","period":"week",' +
			'"periods":12,"returnEvent":null,"segment":null,"startEvent":{"event":"signup"},' +
			'"type":"first_time","window":"calendar"},"dataset":"fp1","format":2,"kind":"retention","version":1}';
		const expected = createHash('sha256').update(canonical).digest('hex');
		expect(await analysisKey('fp1', { kind: 'retention', startEvent: 'signup' })).toBe(expected);
	});

	it('ignores key order and spelled-out defaults, and sees every real difference', async () => {
		const a = await analysisKey('fp', { kind: 'retention', period: 'week', startEvent: 'signup' });
		const b = await analysisKey('fp', {
			startEvent: { event: 'signup', where: [] },
			periods: 12,
			mode: 'on',
			kind: 'retention',
			type: 'first_time',
			segment: null,
			dateRange: null
		});
		expect(b).toBe(a);
		expect(a).toMatch(/^[0-9a-f]{64}$/);
		expect(await analysisKey('fp2', { kind: 'retention', startEvent: 'signup' })).not.toBe(a);
		expect(await analysisKey('fp', { kind: 'retention', startEvent: 'signup', periods: 13 })).not.toBe(a);
		expect(await analysisKey('fp', { kind: 'retention', startEvent: 'signUp' })).not.toBe(a);
	});

	it('canonical JSON sorts keys at every level', () => {
		expect(canonicalJson({ b: [{ y: 1, x: 2 }], a: undefined, c: null })).toBe(
			'{"b":[{"x":2,"y":1}],"c":null}'
		);
	});
});

// ---- filters and value expressions on a real DuckDB-WASM

const WEIRD = 'a"; DROP TABLE x; --';
const NASTY = `it's "q"; DROP TABLE t; --`;

interface TRow {
	id: number;
	name: string | null;
	price: number | null;
	qty: number | null;
	flag: boolean | null;
	ts: number | null;
	numtext: string | null;
	weird: string | null;
	unitPrice: number | null;
	revenue: number | null;
}

function makeRows(): TRow[] {
	let s = 12345;
	const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
	const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
	return Array.from({ length: 60 }, (_, id) => ({
		id,
		name: pick(['alice', 'bob', 'Bobby', 'carol', "o'hara", '100%_off', null]),
		price: pick([null, 0, 1.5, 2, 5, 7.25, -3, 12.5]),
		qty: pick([null, 0, 1, 2, 3, 10]),
		flag: pick([true, false, null]),
		ts: pick([
			null,
			Date.UTC(2025, 0, 1),
			Date.UTC(2025, 0, 1, 10, 30),
			Date.UTC(2024, 11, 31, 23),
			Date.UTC(2025, 5, 1)
		]),
		numtext: pick(['5', '12.5', 'abc', '-3', '10', null]),
		weird: pick([NASTY, 'plain', null]),
		unitPrice: pick([null, 0.1, 0.2, 3, 19.99]),
		revenue: pick([null, 100, 0.3, 7])
	}));
}

const tsText = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('.000Z', '');

/** The documented filter semantics, over plain values. */
function cellOf(r: TRow, column: string): string | number | boolean | null {
	const map: Record<string, keyof TRow> = {
		[WEIRD]: 'weird',
		'Unit Price': 'unitPrice',
		'Revenue (EUR)': 'revenue'
	};
	return r[map[column] ?? (column as keyof TRow)];
}
function asNumber(column: string, v: string | number | boolean | null): number | null {
	if (v === null) return null;
	if (typeof v === 'number') return v;
	if (typeof v === 'boolean') return v ? 1 : 0;
	if (column === 'ts') return null;
	return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : null;
}
function asText(column: string, v: string | number | boolean | null): string | null {
	if (v === null) return null;
	if (column === 'ts') return tsText(v as number);
	return String(v);
}
function matches(r: TRow, f: RowFilter): boolean {
	const raw = cellOf(r, f.column);
	const conv = (value: string | number | boolean) =>
		typeof value === 'number'
			? asNumber(f.column, raw)
			: typeof value === 'boolean'
				? (raw as boolean | null)
				: asText(f.column, raw);
	const cmp = (
		value: string | number | boolean,
		test: (a: string | number | boolean, b: string | number | boolean) => boolean
	) => {
		const c = conv(value);
		return c !== null && test(c, value);
	};
	const inList = (values: (string | number | boolean | null)[]) =>
		values.some((v) => (v === null ? raw === null : conv(v) !== null && conv(v) === v));
	const v = f.value as string | number | boolean | null;
	switch (f.op) {
		case 'is_null':
			return raw === null;
		case 'not_null':
			return raw !== null;
		case '=':
			return v === null ? raw === null : cmp(v, (a, b) => a === b);
		case '!=':
			return v === null ? raw !== null : !cmp(v, (a, b) => a === b);
		case '>':
			return cmp(v!, (a, b) => a > b);
		case '>=':
			return cmp(v!, (a, b) => a >= b);
		case '<':
			return cmp(v!, (a, b) => a < b);
		case '<=':
			return cmp(v!, (a, b) => a <= b);
		case 'in':
			return inList(f.value as (string | number | boolean | null)[]);
		case 'not_in':
			return !inList(f.value as (string | number | boolean | null)[]);
		case 'contains':
			return cmp(v!, (a, b) => (a as string).includes(b as string));
		case 'starts_with':
			return cmp(v!, (a, b) => (a as string).startsWith(b as string));
	}
}

let duck: Duck;
const rows = makeRows();

beforeAll(async () => {
	duck = await createNodeDuck();
	duck.exec(`CREATE TABLE t (id INTEGER, name VARCHAR, price DOUBLE, qty INTEGER, flag BOOLEAN, ts TIMESTAMP,
		numtext VARCHAR, ${ident(WEIRD)} VARCHAR, "Unit Price" DOUBLE, "Revenue (EUR)" DOUBLE)`);
	const num = (x: number | null) => (x === null ? 'NULL' : `${x}::DOUBLE`);
	duck.exec(
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

const ids = (where: string) =>
	duck.rows<{ id: number }>(`SELECT id FROM t WHERE ${where} ORDER BY id`).map((r) => r.id);

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

	it.each(cases.map((f) => [JSON.stringify(f), f] as const))('%s', (_label, f) => {
		const expected = rows.filter((r) => matches(r, f)).map((r) => r.id);
		expect(ids(filterSql([f]))).toEqual(expected);
	});

	it('the cases are not vacuous: almost all keep some rows and drop others', () => {
		const mixed = cases.filter((f) => {
			const n = rows.filter((r) => matches(r, f)).length;
			return n > 0 && n < rows.length;
		});
		expect(mixed.length).toBe(cases.length);
	});

	it('ANDs several filters and is TRUE for none', () => {
		const fs = cases.slice(15, 18);
		expect(ids(filterSql(fs))).toEqual(rows.filter((r) => fs.every((f) => matches(r, f))).map((r) => r.id));
		expect(filterSql([])).toBe('TRUE');
		expect(ids(filterSql([]))).toEqual(rows.map((r) => r.id));
	});

	it('a number compared with a text column does not fail the query', () => {
		expect(() => ids(filterSql([{ column: 'name', op: '>', value: 3 }]))).not.toThrow();
		expect(ids(filterSql([{ column: 'name', op: '>', value: 3 }]))).toEqual([]);
		expect(() => ids(filterSql([{ column: 'ts', op: '=', value: 3 }]))).not.toThrow();
	});

	it('hostile names and values stay data', () => {
		const hits = ids(filterSql([{ column: WEIRD, op: '=', value: NASTY }]));
		expect(hits.length).toBeGreaterThan(0);
		expect(duck.tableExists('t')).toBe(true);
		expect(ids(filterSql([{ column: 'name', op: '=', value: "x' OR '1'='1" }]))).toEqual([]);
		expect(ids(filterSql([{ column: 'name', op: 'in', value: ["'); DROP TABLE t; --"] }]))).toEqual([]);
		expect(duck.rows<{ n: number }>('SELECT count(*)::INTEGER AS n FROM t')[0].n).toBe(rows.length);
		expect(() => filterSql([{ column: 'name', op: '=', value: 'a\u0000b' }])).toThrow(/NUL/);
	});

	it('a custom column mapping is used for every column', () => {
		const sql = filterSql([{ column: 'name', op: '=', value: 'bob' }], (name) => `t.${ident(name)}`);
		expect(ids(sql)).toEqual(rows.filter((r) => r.name === 'bob').map((r) => r.id));
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

	it.each(cases)('%s', (text, compute) => {
		const sql = valueExprSql(parseValueExpr(text, columns));
		const got = duck.rows<{ id: number; v: number | null }>(`SELECT id, ${sql} AS v FROM t ORDER BY id`);
		expect(got.map((r) => r.v)).toEqual(rows.map(compute));
	});

	it('reads names with spaces, parentheses and quotes, longest name first', () => {
		const e = parseValueExpr('Revenue (EUR) * 2', ['Revenue', 'Revenue (EUR)']);
		expect(valueExprColumns(e)).toEqual(['Revenue (EUR)']);
		expect(valueExprColumns(parseValueExpr('"a""b" + a', ['a"b', 'a']))).toEqual(['a"b', 'a']);
		const weird = valueExprSql(parseValueExpr(`"${WEIRD.replaceAll('"', '""')}" + 1`, columns));
		expect(() => duck.rows(`SELECT ${weird} AS v FROM t`)).not.toThrow();
		expect(duck.tableExists('t')).toBe(true);
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
