/**
 * The rule builder's draft (pure): the SEMANTICS §4 rule tree as a person edits it, a group of rows and
 * nested groups, each row one condition with its fields as typed (a count may be empty while it is being
 * typed). `buildRule` turns a draft into the rule the engine runs, or says which rows are not finished.
 * `draftOf` (draft-of.ts) reads any rule back into a draft, so a saved segment opens in the builder; the
 * editing helpers (tree-edit.ts) return a new tree and never change the one they are given.
 */
import type { CountOp, SegmentRule, Within } from '../../spec/segment-rule.ts';
import { segmentRule } from '../../spec/segment-rule.ts';
import type { FilterOp, RowFilter } from '../../spec/types.ts';
import { addDays } from '../../spec/calendar.ts';
import { parseValueExpr } from '../../sql/value-expr.ts';
import { isCompleteFilter } from '../../components/pickers/event-ref.ts';
import { propertyValue } from './property-value.ts';

export type Unit = 'day' | 'week' | 'month';

/** When a counted condition looks: all of a user's events, the last D units back from asOf, or calendar days. */
export type When =
	| { type: 'ever' }
	| { type: 'last'; last: number | null; unit: Unit }
	| { type: 'between'; from: string; to: string };

/**
 * First / last seen: `within` the last D units (or `not_within`), `between` two days, `before` a day (that
 * day excluded) or `since` a day (that day included).
 */
export type SeenOp = 'within' | 'not_within' | 'between' | 'before' | 'since';

/** Per-user measures of a percentile row; `value` sums the value expression `expr`. */
export type Measure = 'events' | 'sessions' | 'active_days' | 'value';

export type Condition =
	| {
			kind: 'did';
			/** "did not": the users the same row without it leaves out. */
			negate: boolean;
			event: string | null;
			where: RowFilter[];
			op: CountOp;
			count: number | null;
			when: When;
	  }
	| {
			kind: 'property';
			column: string;
			touch: 'latest' | 'first';
			op: FilterOp;
			/** As typed; a list (`in`) is comma-separated. Typed against the column when built. */
			value: string;
	  }
	| {
			kind: 'seen';
			which: 'first' | 'last';
			op: SeenOp;
			last: number | null;
			unit: Unit;
			/** The day of `before` / `since`, and the first day of `between`. */
			from: string;
			to: string;
	  }
	| { kind: 'percentile'; measure: Measure; expr: string; top: number | null; when: When }
	| { kind: 'sessions'; op: CountOp; count: number | null; when: When }
	| { kind: 'users'; ids: string[] };

export interface RowNode {
	id: string;
	type: 'row';
	cond: Condition;
}

/** `none` is NOT (any of), `not_all` is NOT (all of). */
export type Match = 'all' | 'any' | 'none' | 'not_all';

export interface GroupNode {
	id: string;
	type: 'group';
	match: Match;
	children: DraftNode[];
}

export type DraftNode = RowNode | GroupNode;

/** What the builder needs to know of the data: its original columns and their DuckDB types. */
export interface DraftContext {
	columns: ReadonlyMap<string, string>;
}

/** The context of data whose columns are `columns` (the ingest report's names and DuckDB types). */
export function columnTypes(columns: readonly { name: string; type: string }[]): ReadonlyMap<string, string> {
	return new Map(columns.map((c) => [c.name, c.type]));
}

export interface Built {
	/** The rule to run, checked by `segmentRule`; null while any row is unfinished or the tree is empty. */
	rule: SegmentRule | null;
	/** Why each unfinished row or group (by id) cannot run yet, in a person's words. */
	problems: Record<string, string>;
}

/**
 * "Before a day" as a window: calendar days from this one. The spec's day check reads years from 100 on,
 * and no behavioural export starts before it.
 */
export const FIRST_DAY = '1000-01-01';

/** A draft with no condition yet (it does not run until one is added). */
export function blankDraft(): GroupNode {
	return { id: newId(), type: 'group', match: 'all', children: [] };
}

let counter = 0;
/** A fresh node id (unique within the page). */
export function newId(): string {
	return `n${++counter}`;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function withinOf(when: When, problem: (text: string) => void): Within | undefined {
	if (when.type === 'ever') return undefined;
	if (when.type === 'last') {
		if (when.last === null || !Number.isFinite(when.last) || when.last <= 0) {
			problem('Enter a number of days (weeks, months) above 0.');
			return undefined;
		}
		return { last: when.last, unit: when.unit };
	}
	if (!DAY.test(when.from) || !DAY.test(when.to)) {
		problem('Choose both days.');
		return undefined;
	}
	if (when.from > when.to) {
		problem('The first day must not be after the last.');
		return undefined;
	}
	return { from: when.from, to: when.to };
}

function countOk(n: number | null): n is number {
	return n !== null && Number.isFinite(n) && n >= 0;
}

/** The rule of one row, or null with `problem` called. */
function conditionRule(c: Condition, ctx: DraftContext, problem: (text: string) => void): SegmentRule | null {
	let ok = true;
	const fail = (text: string) => {
		ok = false;
		problem(text);
	};
	switch (c.kind) {
		case 'did': {
			if (!c.where.every(isCompleteFilter)) fail('Finish the property filter (a column and a value).');
			if (!countOk(c.count)) fail('Enter how many times (a number from 0).');
			const within = withinOf(c.when, fail);
			if (!ok) return null;
			const rule: SegmentRule = { did: c.event };
			if (c.where.length) rule.where = c.where;
			if (!(c.op === '>=' && c.count === 1)) rule.count = { [c.op]: c.count as number };
			if (within) rule.within = within;
			return c.negate ? { not: rule } : rule;
		}
		case 'property': {
			if (!c.column) return (fail('Choose a property.'), null);
			if (!ctx.columns.has(c.column)) return (fail(`${c.column} is not a column of this data.`), null);
			const value = propertyValue(c.op, c.value, ctx.columns.get(c.column) ?? '');
			if (value === undefined) return (fail('Enter a value.'), null);
			return {
				property: c.column,
				op: c.op,
				...(value === null ? {} : { value }),
				...(c.touch === 'first' ? { touch: 'first' as const } : {})
			};
		}
		case 'seen': {
			const tag = c.which === 'first' ? 'firstSeen' : 'lastSeen';
			const leaf = (within: Within) =>
				(tag === 'firstSeen' ? { firstSeen: true, within } : { lastSeen: true, within }) as SegmentRule;
			if (c.op === 'within' || c.op === 'not_within') {
				const within = withinOf({ type: 'last', last: c.last, unit: c.unit }, fail);
				if (!within) return null;
				return c.op === 'within' ? leaf(within) : { not: leaf(within) };
			}
			if (c.op === 'between') {
				const within = withinOf({ type: 'between', from: c.from, to: c.to }, fail);
				return within ? leaf(within) : null;
			}
			if (!DAY.test(c.from) || c.from <= FIRST_DAY) return (fail('Choose a day.'), null);
			const before = leaf({ from: FIRST_DAY, to: addDays(c.from, -1) });
			return c.op === 'before' ? before : { not: before };
		}
		case 'percentile': {
			if (c.top === null || !Number.isFinite(c.top) || c.top <= 0 || c.top > 100)
				fail('Enter a share above 0 %, at most 100 %.');
			let of: string = c.measure;
			if (c.measure === 'value') {
				of = c.expr.trim();
				if (!of) fail('Enter a value to sum, such as price * quantity.');
				else {
					try {
						parseValueExpr(of, [...ctx.columns.keys()]);
					} catch (e) {
						fail(e instanceof Error ? e.message : String(e));
					}
				}
			}
			const within = withinOf(c.when, fail);
			if (!ok) return null;
			return { percentile: { of, top: c.top as number, ...(within ? { within } : {}) } };
		}
		case 'sessions': {
			if (!countOk(c.count)) fail('Enter a number of sessions (from 0).');
			const within = withinOf(c.when, fail);
			if (!ok) return null;
			return { sessions: { [c.op]: c.count as number }, ...(within ? { within } : {}) };
		}
		case 'users':
			return { users: c.ids };
	}
}

function nodeRule(n: DraftNode, ctx: DraftContext, problems: Record<string, string>): SegmentRule | null {
	const problem = (text: string) => {
		problems[n.id] ??= text;
	};
	if (n.type === 'row') return conditionRule(n.cond, ctx, problem);
	if (n.children.length === 0) {
		problem('Add a condition to this group, or remove it.');
		return null;
	}
	const children = n.children.map((c) => nodeRule(c, ctx, problems));
	if (children.some((c) => c === null)) return null;
	const list = children as SegmentRule[];
	// One condition needs no group: the draft of a plain rule builds back to that same rule.
	const inner: SegmentRule =
		list.length === 1 ? list[0] : n.match === 'all' || n.match === 'not_all' ? { all: list } : { any: list };
	return n.match === 'none' || n.match === 'not_all' ? { not: inner } : inner;
}

/**
 * The rule a draft stands for (SEMANTICS §4), or null with the reason for each unfinished row or group.
 * A row runs only when every field is complete: a count, a window, a filter's value; an empty group and an
 * empty root do not run. The result passes `segmentRule`, so the engine takes it as is.
 */
export function buildRule(root: GroupNode, ctx: DraftContext): Built {
	const problems: Record<string, string> = {};
	if (root.children.length === 0) {
		problems[root.id] = 'Add a condition.';
		return { rule: null, problems };
	}
	const rule = nodeRule(root, ctx, problems);
	if (!rule) return { rule: null, problems };
	try {
		return { rule: segmentRule(rule, 'rule'), problems };
	} catch (e) {
		problems[root.id] = e instanceof Error ? e.message : String(e);
		return { rule: null, problems };
	}
}
