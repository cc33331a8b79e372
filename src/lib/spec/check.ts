/**
 * Field checks shared by every spec parser: each takes the unknown value and its path (`analysis.periods`)
 * and returns it typed, or throws a `SpecError` whose message names the field and says what it must be.
 */
import type { EventRef, FilterOp, RowFilter, Scalar } from './types.ts';

/** A spec that does not match the contract. `path` names the offending field, e.g. `analysis.periods`. */
export class SpecError extends Error {
	readonly path: string;
	constructor(path: string, message: string) {
		super(message);
		this.name = 'SpecError';
		this.path = path;
	}
}

export const FILTER_OPS: readonly FilterOp[] = [
	'=',
	'!=',
	'>',
	'>=',
	'<',
	'<=',
	'in',
	'not_in',
	'contains',
	'starts_with',
	'not_null',
	'is_null'
];

export type Obj = Record<string, unknown>;

export function show(value: unknown): string {
	if (value === undefined) return 'nothing';
	let text: string;
	try {
		text = JSON.stringify(value) ?? String(value);
	} catch {
		text = String(value);
	}
	return text.length > 60 ? text.slice(0, 57) + '...' : text;
}

export function isObject(x: unknown): x is Obj {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function editDistance(a: string, b: string): number {
	const row = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		let diagonal = row[0];
		row[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const above = row[j];
			row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
			diagonal = above;
		}
	}
	return row[b.length];
}

export function object(x: unknown, path: string, what: string): Obj {
	if (!isObject(x)) throw new SpecError(path, `${path} must be ${what} (an object), got ${show(x)}`);
	return x;
}

/** Rejects fields the contract does not know, suggesting the nearest known name for a typo. */
export function knownKeys(obj: Obj, allowed: readonly string[], path: string, what: string): void {
	for (const key of Object.keys(obj)) {
		if (allowed.includes(key)) continue;
		const near = allowed
			.map((name) => ({ name, d: editDistance(key.toLowerCase(), name.toLowerCase()) }))
			.filter((c) => c.d <= 2)
			.sort((a, b) => a.d - b.d)[0];
		const hint = near ? ` (did you mean "${near.name}"?)` : '';
		throw new SpecError(`${path}.${key}`, `${path}.${key} is not a known field of ${what}${hint}`);
	}
}

export function text(x: unknown, path: string, { empty = false } = {}): string {
	if (typeof x !== 'string') throw new SpecError(path, `${path} must be a text value, got ${show(x)}`);
	if (!empty && x.length === 0) throw new SpecError(path, `${path} must not be empty`);
	return x;
}

export function textOrNull(x: unknown, path: string): string | null {
	if (x === null) return null;
	if (typeof x !== 'string' || x.length === 0)
		throw new SpecError(path, `${path} must be a non-empty text value or null, got ${show(x)}`);
	return x;
}

export function oneOf<const T extends string>(x: unknown, values: readonly T[], path: string): T {
	if (typeof x === 'string' && (values as readonly string[]).includes(x)) return x as T;
	const list = values.map((v) => `"${v}"`).join(', ');
	throw new SpecError(path, `${path} must be one of ${list}, got ${show(x)}`);
}

export function wholeNumber(x: unknown, path: string, min: number, max: number): number {
	if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max)
		throw new SpecError(path, `${path} must be a whole number from ${min} to ${max}, got ${show(x)}`);
	return x;
}

export function boolean(x: unknown, path: string): boolean {
	if (typeof x !== 'boolean') throw new SpecError(path, `${path} must be true or false, got ${show(x)}`);
	return x;
}

export function isScalar(x: unknown): x is Scalar {
	return (
		x === null ||
		typeof x === 'string' ||
		typeof x === 'boolean' ||
		(typeof x === 'number' && Number.isFinite(x))
	);
}

/**
 * True when `name` is an IANA zone name the runtime knows (`Europe/London`, `UTC`; Node and browsers ship
 * the full ICU zone database). The one zone check of specs, ingest and the engine alike.
 */
export function isTimeZone(name: unknown): name is string {
	if (typeof name !== 'string' || name.trim() === '') return false;
	try {
		new Intl.DateTimeFormat(undefined, { timeZone: name });
		return true;
	} catch {
		return false;
	}
}

export function validateFilter(x: unknown, path: string): RowFilter {
	const f = object(x, path, 'a filter');
	knownKeys(f, ['column', 'op', 'value'], path, 'a filter');
	const column = text(f.column, `${path}.column`);
	const op = oneOf(f.op, FILTER_OPS, `${path}.op`);
	const vpath = `${path}.value`;
	const value = f.value;
	switch (op) {
		case 'not_null':
		case 'is_null':
			if (value !== undefined && value !== null)
				throw new SpecError(vpath, `${vpath} must be left out: "${op}" takes no value, got ${show(value)}`);
			return { column, op };
		case 'in':
		case 'not_in':
			if (!Array.isArray(value) || value.length === 0)
				throw new SpecError(
					vpath,
					`${vpath} must be a non-empty list of values for "${op}", got ${show(value)}`
				);
			value.forEach((v, i) => {
				if (!isScalar(v))
					throw new SpecError(
						`${vpath}[${i}]`,
						`${vpath}[${i}] must be a text, number, true/false or null, got ${show(v)}`
					);
			});
			return { column, op, value: [...(value as Scalar[])] };
		case 'contains':
		case 'starts_with':
			if (typeof value !== 'string')
				throw new SpecError(vpath, `${vpath} must be a text value for "${op}", got ${show(value)}`);
			return { column, op, value };
		case '=':
		case '!=':
			if (!isScalar(value))
				throw new SpecError(
					vpath,
					`${vpath} must be a text, number, true/false or null for "${op}" (use "in" for a list), got ${show(value)}`
				);
			return { column, op, value };
		default:
			if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value)))
				throw new SpecError(
					vpath,
					`${vpath} must be a number or a text value for "${op}", got ${show(value)}`
				);
			return { column, op, value };
	}
}

export function filterList(x: unknown, path: string): RowFilter[] {
	if (!Array.isArray(x)) throw new SpecError(path, `${path} must be a list of filters, got ${show(x)}`);
	return x.map((f, i) => validateFilter(f, `${path}[${i}]`));
}

export function eventRef(x: unknown, path: string): string | EventRef | null {
	if (x === null) return null;
	if (typeof x === 'string') return text(x, path);
	if (!isObject(x))
		throw new SpecError(
			path,
			`${path} must be an event name, null (any event) or { "event", "where" }, got ${show(x)}`
		);
	knownKeys(x, ['event', 'where'], path, 'an event reference');
	const ref: EventRef = { event: x.event === undefined ? null : textOrNull(x.event, `${path}.event`) };
	if (x.where !== undefined) ref.where = filterList(x.where, `${path}.where`);
	return ref;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function day(x: unknown, path: string): string | null {
	if (x === null || x === undefined) return null;
	const m = typeof x === 'string' ? ISO_DAY.exec(x) : null;
	if (m) {
		const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
		const date = new Date(Date.UTC(y, mo - 1, d));
		if (date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d)
			return x as string;
	}
	throw new SpecError(path, `${path} must be a date written YYYY-MM-DD or null, got ${show(x)}`);
}
