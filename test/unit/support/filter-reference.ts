// A plain TypeScript model of the documented filter semantics (SEMANTICS §1b filters) over 60 seeded rows,
// sharing no code with src/lib/sql: spec-sql.test.ts compiles the same filters to SQL and compares.
import type { RowFilter } from '../../../src/lib/spec/types.ts';

export const WEIRD = 'a"; DROP TABLE x; --';
export const NASTY = `it's "q"; DROP TABLE t; --`;

export interface TRow {
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

export function makeRows(): TRow[] {
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
export function cellOf(r: TRow, column: string): string | number | boolean | null {
	const map: Record<string, keyof TRow> = {
		[WEIRD]: 'weird',
		'Unit Price': 'unitPrice',
		'Revenue (EUR)': 'revenue'
	};
	return r[map[column] ?? (column as keyof TRow)];
}
export function asNumber(column: string, v: string | number | boolean | null): number | null {
	if (v === null) return null;
	if (typeof v === 'number') return v;
	if (typeof v === 'boolean') return v ? 1 : 0;
	if (column === 'ts') return null;
	return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : null;
}
export function asText(column: string, v: string | number | boolean | null): string | null {
	if (v === null) return null;
	if (column === 'ts') return tsText(v as number);
	return String(v);
}
export function matches(r: TRow, f: RowFilter): boolean {
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
