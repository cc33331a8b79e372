/**
 * The segment rule language (SEMANTICS §4): a tree of conditions on users, its types and its checks. The
 * SQL of a rule is src/lib/sql/segment-rule.ts; a rule is what `segment: { rule }` holds in every spec.
 */
import {
	day,
	filterList,
	knownKeys,
	object,
	oneOf,
	show,
	SpecError,
	text,
	textOrNull,
	validateFilter,
	type Obj
} from './check.ts';
import type { FilterOp, RowFilter, Scalar } from './types.ts';
import { engagementWeights, type EngagementWeight } from './engagement.ts';

/** One comparison of a count with a number: `{ ">=": 3 }`. */
export type CountOp = '=' | '!=' | '>' | '>=' | '<' | '<=';
export type Comparison = Partial<Record<CountOp, number>>;

/**
 * A time window of a condition. `last`: instants in (asOf − last·unit, asOf], where a day is 24 h, a week
 * 7 × 24 h and a month 30 × 24 h (SEMANTICS §4). `from`/`to`: calendar days in the dataset's time zone,
 * both included.
 */
export type Within = { last: number; unit: 'day' | 'week' | 'month' } | { from: string; to: string };

export type SegmentRule =
	| { all: SegmentRule[] }
	| { any: SegmentRule[] }
	| { not: SegmentRule }
	/** Users who did an event (null: any event, with `where` filters) `count` times (default ≥ 1) in the window. */
	| { did: string | null; where?: RowFilter[]; count?: Comparison; within?: Within }
	/** Users by their number of sessions (SEMANTICS §7) starting in the window. */
	| { sessions: Comparison; within?: Within }
	/** Users whose first (or last) event lies in the window. */
	| { firstSeen: true; within: Within }
	| { lastSeen: true; within: Within }
	/** A user property: the value on their most recent event (`latest`, default) or their first (`first`). */
	| { property: string; op: FilterOp; value?: Scalar | Scalar[]; touch?: 'latest' | 'first' }
	/**
	 * The top `top` % of all users by a per-user measure (ties stay together); `weights` only with
	 * `of: "engagement"` (SEMANTICS §6's score).
	 */
	| { percentile: { of: string; top: number; within?: Within; weights?: EngagementWeight[] } }
	/** A fixed list of user ids (as the data writes them). */
	| { users: string[] };

/** Per-user measures of a percentile rule; anything else is a value expression summed per user. */
export const PERCENTILE_MEASURES = ['events', 'sessions', 'active_days', 'engagement'] as const;

const COUNT_OPS: readonly CountOp[] = ['=', '!=', '>', '>=', '<', '<='];
/** Nesting deeper than this is refused: no one writes it, and it keeps hostile input from the stack. */
export const MAX_RULE_DEPTH = 12;
/** At most this many conditions in one rule, and ids in a list. */
export const MAX_RULE_NODES = 200;
export const MAX_LIST_USERS = 100_000;

function comparison(x: unknown, path: string): Comparison {
	const c = object(x, path, 'a comparison such as { ">=": 3 }');
	const keys = Object.keys(c);
	if (keys.length !== 1)
		throw new SpecError(path, `${path} must hold exactly one comparison such as { ">=": 3 }, got ${show(x)}`);
	const op = oneOf(keys[0], COUNT_OPS, `${path} operator`);
	const n = c[op];
	if (typeof n !== 'number' || !Number.isFinite(n) || n < 0)
		throw new SpecError(`${path}.${op}`, `${path}.${op} must be a number from 0, got ${show(n)}`);
	return { [op]: n };
}

/** Checks a window at `path`. Throws `SpecError`. */
export function within(x: unknown, path: string): Within {
	const w = object(x, path, 'a window { "last", "unit" } or { "from", "to" }');
	if ('last' in w || 'unit' in w) {
		knownKeys(w, ['last', 'unit'], path, 'a window');
		const last = w.last;
		if (typeof last !== 'number' || !Number.isFinite(last) || last <= 0 || last > 100_000)
			throw new SpecError(`${path}.last`, `${path}.last must be a number above 0, got ${show(last)}`);
		return { last, unit: oneOf(w.unit ?? 'day', ['day', 'week', 'month'], `${path}.unit`) };
	}
	knownKeys(w, ['from', 'to'], path, 'a window');
	const from = day(w.from, `${path}.from`);
	const to = day(w.to, `${path}.to`);
	if (from === null || to === null)
		throw new SpecError(path, `${path} needs "last" and "unit", or both "from" and "to"`);
	if (from > to) throw new SpecError(path, `${path}.from (${from}) must not be after ${path}.to (${to})`);
	return { from, to };
}

/** Checks a segment rule at `path` (SEMANTICS §4). Throws `SpecError` naming the field. */
export function segmentRule(x: unknown, path: string): SegmentRule {
	const budget = { nodes: 0 };
	return node(x, path, 0, budget);
}

function node(x: unknown, path: string, depth: number, budget: { nodes: number }): SegmentRule {
	if (depth > MAX_RULE_DEPTH)
		throw new SpecError(path, `${path}: a rule may nest at most ${MAX_RULE_DEPTH} levels`);
	if (++budget.nodes > MAX_RULE_NODES)
		throw new SpecError(path, `${path}: a rule may have at most ${MAX_RULE_NODES} conditions`);
	const r = object(x, path, 'a rule');
	const kind = [
		'all',
		'any',
		'not',
		'did',
		'sessions',
		'firstSeen',
		'lastSeen',
		'property',
		'percentile',
		'users'
	].find((k) => k in r);
	switch (kind) {
		case 'all':
		case 'any': {
			knownKeys(r, [kind], path, `an "${kind}" rule`);
			const list = r[kind];
			if (!Array.isArray(list) || list.length === 0)
				throw new SpecError(`${path}.${kind}`, `${path}.${kind} must be a non-empty list of rules`);
			const children = list.map((c, i) => node(c, `${path}.${kind}[${i}]`, depth + 1, budget));
			return kind === 'all' ? { all: children } : { any: children };
		}
		case 'not':
			knownKeys(r, ['not'], path, 'a "not" rule');
			return { not: node(r.not, `${path}.not`, depth + 1, budget) };
		case 'did':
			return didRule(r, path);
		case 'sessions': {
			knownKeys(r, ['sessions', 'within'], path, 'a "sessions" rule');
			const out: SegmentRule = { sessions: comparison(r.sessions, `${path}.sessions`) };
			if (r.within !== undefined) out.within = within(r.within, `${path}.within`);
			return out;
		}
		case 'firstSeen':
		case 'lastSeen': {
			knownKeys(r, [kind, 'within'], path, `a "${kind}" rule`);
			if (r[kind] !== true) throw new SpecError(`${path}.${kind}`, `${path}.${kind} must be true`);
			const w = within(r.within, `${path}.within`);
			return kind === 'firstSeen' ? { firstSeen: true, within: w } : { lastSeen: true, within: w };
		}
		case 'property': {
			knownKeys(r, ['property', 'op', 'value', 'touch'], path, 'a "property" rule');
			const f = validateFilter({ column: r.property, op: r.op, value: r.value }, path);
			const out: SegmentRule = { property: f.column, op: f.op };
			if (f.value !== undefined) out.value = f.value;
			if (r.touch !== undefined) out.touch = oneOf(r.touch, ['latest', 'first'], `${path}.touch`);
			return out;
		}
		case 'percentile':
			return percentileRule(r, path);
		case 'users': {
			knownKeys(r, ['users'], path, 'a "users" rule');
			const ids = r.users;
			if (!Array.isArray(ids) || ids.length > MAX_LIST_USERS)
				throw new SpecError(
					`${path}.users`,
					`${path}.users must be a list of at most ${MAX_LIST_USERS} user ids`
				);
			return { users: ids.map((id, i) => text(id, `${path}.users[${i}]`)) };
		}
		default:
			throw new SpecError(
				path,
				`${path} must be a rule: one of "all", "any", "not", "did", "sessions", "firstSeen", "lastSeen", "property", "percentile", "users"`
			);
	}
}

function didRule(r: Obj, path: string): SegmentRule {
	knownKeys(r, ['did', 'where', 'count', 'within'], path, 'a "did" rule');
	const out: { did: string | null; where?: RowFilter[]; count?: Comparison; within?: Within } = {
		did: textOrNull(r.did, `${path}.did`)
	};
	if (r.where !== undefined && !(Array.isArray(r.where) && r.where.length === 0))
		out.where = filterList(r.where, `${path}.where`);
	if (r.count !== undefined) out.count = comparison(r.count, `${path}.count`);
	if (r.within !== undefined) out.within = within(r.within, `${path}.within`);
	return out;
}

function percentileRule(r: Obj, path: string): SegmentRule {
	knownKeys(r, ['percentile'], path, 'a "percentile" rule');
	const p = object(r.percentile, `${path}.percentile`, '{ "of", "top" }');
	knownKeys(p, ['of', 'top', 'within', 'weights'], `${path}.percentile`, 'a percentile');
	const of = text(p.of, `${path}.percentile.of`);
	const top = p.top;
	if (typeof top !== 'number' || !Number.isFinite(top) || top <= 0 || top > 100)
		throw new SpecError(
			`${path}.percentile.top`,
			`${path}.percentile.top must be a percentage above 0, at most 100, got ${show(top)}`
		);
	const out: { of: string; top: number; within?: Within; weights?: EngagementWeight[] } = { of, top };
	if (p.within !== undefined) out.within = within(p.within, `${path}.percentile.within`);
	if (of === 'engagement') {
		if (p.weights === undefined)
			throw new SpecError(
				`${path}.percentile.weights`,
				`${path}.percentile.weights is required with "of": "engagement": the weight of each event`
			);
		out.weights = engagementWeights(p.weights, `${path}.percentile.weights`);
	} else if (p.weights !== undefined)
		throw new SpecError(
			`${path}.percentile.weights`,
			`${path}.percentile.weights belongs to "of": "engagement" only`
		);
	return { percentile: out };
}

/** The data columns a rule refers to (filters, properties, value expressions are checked at compile time). */
export function ruleColumns(rule: SegmentRule, path: string): { path: string; column: string }[] {
	if ('all' in rule) return rule.all.flatMap((r, i) => ruleColumns(r, `${path}.all[${i}]`));
	if ('any' in rule) return rule.any.flatMap((r, i) => ruleColumns(r, `${path}.any[${i}]`));
	if ('not' in rule) return ruleColumns(rule.not, `${path}.not`);
	if ('did' in rule)
		return (rule.where ?? []).map((f, i) => ({ path: `${path}.where[${i}].column`, column: f.column }));
	if ('property' in rule) return [{ path: `${path}.property`, column: rule.property }];
	return [];
}

/** True when the rule needs sessions (SEMANTICS §7): a `sessions` condition or a percentile of sessions. */
export function ruleUsesSessions(rule: SegmentRule): boolean {
	if ('all' in rule) return rule.all.some(ruleUsesSessions);
	if ('any' in rule) return rule.any.some(ruleUsesSessions);
	if ('not' in rule) return ruleUsesSessions(rule.not);
	return 'sessions' in rule || ('percentile' in rule && rule.percentile.of === 'sessions');
}
