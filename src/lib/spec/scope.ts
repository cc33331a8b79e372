/**
 * The fields every analysis accepts (SEMANTICS §1b): `dateRange` (which days of events count) and `segment`
 * (which users). Their SQL is src/lib/sql/scope.ts; each analysis says in its docs how it applies them
 * (retention, for one, keeps the cohorts that start in the range).
 */
import { boolean, day, knownKeys, object, oneOf, show, SpecError, text, type Obj } from './check.ts';
import { ruleColumns, ruleUsesSessions, segmentRule, type SegmentRule } from './segment-rule.ts';

/**
 * Calendar days in the dataset's time zone, `to` included; or the last N days (weeks, months) counted back
 * from the day of the last event in the data, never from the wall clock, so a result is reproducible.
 */
export type DateRange = { from: string; to: string } | { last: number; unit: 'day' | 'week' | 'month' };

/**
 * Which users to keep: a rule inline, a saved segment by name (a workspace resolves it to its rule or list
 * before hashing, so the cache key holds the definition), or a fixed list of user ids. `compare: true` asks
 * for the segment drawn beside all users.
 */
export type SegmentRef = ({ rule: SegmentRule } | { name: string } | { users: string[] }) & {
	compare?: boolean;
};

export interface Scope {
	dateRange: DateRange | null;
	segment: SegmentRef | null;
}

/** The spec fields of a scope, for `knownKeys` of each analysis. */
export const SCOPE_KEYS = ['dateRange', 'segment'] as const;

/** Checks a date range at `path`, or null. Throws `SpecError`. */
export function dateRange(x: unknown, path: string): DateRange | null {
	if (x === null || x === undefined) return null;
	const r = object(x, path, 'a date range { "from", "to" } or { "last", "unit" }');
	if ('last' in r) {
		knownKeys(r, ['last', 'unit'], path, 'a date range');
		const last = r.last;
		if (typeof last !== 'number' || !Number.isInteger(last) || last < 1 || last > 100_000)
			throw new SpecError(`${path}.last`, `${path}.last must be a whole number from 1, got ${show(last)}`);
		return { last, unit: oneOf(r.unit ?? 'day', ['day', 'week', 'month'], `${path}.unit`) };
	}
	knownKeys(r, ['from', 'to'], path, 'a date range');
	const from = day(r.from, `${path}.from`);
	const to = day(r.to, `${path}.to`);
	if (from === null || to === null)
		throw new SpecError(path, `${path} needs both "from" and "to" (YYYY-MM-DD), or "last" and "unit"`);
	if (from > to) throw new SpecError(path, `${path}.from (${from}) must not be after ${path}.to (${to})`);
	return { from, to };
}

/** Checks a segment reference at `path`, or null. Throws `SpecError`. */
export function segmentRef(x: unknown, path: string): SegmentRef | null {
	if (x === null || x === undefined) return null;
	const s = object(x, path, 'a segment { "rule" }, { "name" } or { "users" }');
	const compare = s.compare === undefined ? {} : { compare: boolean(s.compare, `${path}.compare`) };
	if ('rule' in s) {
		knownKeys(s, ['rule', 'compare'], path, 'a segment');
		return { rule: segmentRule(s.rule, `${path}.rule`), ...compare };
	}
	if ('name' in s) {
		knownKeys(s, ['name', 'compare'], path, 'a segment');
		return { name: text(s.name, `${path}.name`), ...compare };
	}
	if ('users' in s) {
		knownKeys(s, ['users', 'compare'], path, 'a segment');
		const rule = segmentRule({ users: s.users }, path) as { users: string[] };
		return { users: rule.users, ...compare };
	}
	throw new SpecError(path, `${path} must hold "rule", "name" or "users"`);
}

/** Reads the scope fields of an analysis spec object at `path`. Throws `SpecError`. */
export function scopeOf(a: Obj, path: string): Scope {
	return {
		dateRange: dateRange(a.dateRange, `${path}.dateRange`),
		segment: segmentRef(a.segment, `${path}.segment`)
	};
}

/** The data columns the scope refers to (its rule's filters and properties). */
export function scopeColumns(scope: Scope, path: string): { path: string; column: string }[] {
	const s = scope.segment;
	return s && 'rule' in s ? ruleColumns(s.rule, `${path}.segment.rule`) : [];
}

/** The rule a segment reference stands for; a name must have been resolved by the workspace first. */
export function segmentRuleOf(ref: SegmentRef): SegmentRule {
	if ('rule' in ref) return ref.rule;
	if ('users' in ref) return { users: ref.users };
	throw new Error(`The saved segment "${ref.name}" is not in this workspace.`);
}

/** True when applying the scope needs the sessions table. */
export function scopeUsesSessions(scope: Scope): boolean {
	return (
		scope.segment !== null && !('name' in scope.segment) && ruleUsesSessions(segmentRuleOf(scope.segment))
	);
}
