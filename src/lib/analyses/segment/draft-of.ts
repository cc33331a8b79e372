/**
 * A rule read back into the builder's draft (rule-draft.ts): a saved segment or a template opens as the
 * groups and rows that build it again. Negation is read into the row where a row has it ("did not do",
 * "not in the last", "on or after"), else into a "none of" group.
 */
import type { CountOp, SegmentRule, Within } from '../../spec/segment-rule.ts';
import { addDays } from '../../spec/calendar.ts';
import {
	FIRST_DAY,
	newId,
	type Condition,
	type DraftNode,
	type GroupNode,
	type RowNode,
	type When
} from './rule-draft.ts';
import { propertyText } from './property-value.ts';

function whenOf(w: Within | undefined): When {
	if (!w) return { type: 'ever' };
	return 'last' in w ? { type: 'last', last: w.last, unit: w.unit } : { type: 'between', ...w };
}

function row(cond: Condition): RowNode {
	return { id: newId(), type: 'row', cond };
}

function seenRow(r: SegmentRule, negated: boolean): RowNode | null {
	if (!('firstSeen' in r) && !('lastSeen' in r)) return null;
	const which = 'firstSeen' in r ? 'first' : 'last';
	const w = r.within;
	const base = { kind: 'seen', which, last: 7, unit: 'day', from: '', to: '' } as const;
	if ('last' in w) return row({ ...base, op: negated ? 'not_within' : 'within', last: w.last, unit: w.unit });
	if (w.from === FIRST_DAY) return row({ ...base, op: negated ? 'since' : 'before', from: addDays(w.to, 1) });
	if (negated) return null;
	return row({ ...base, op: 'between', from: w.from, to: w.to });
}

function leafRow(r: SegmentRule, negated: boolean): RowNode | null {
	if ('did' in r) {
		const [op, count] = Object.entries(r.count ?? { '>=': 1 })[0] as [CountOp, number];
		return row({
			kind: 'did',
			negate: negated,
			event: r.did,
			where: r.where ?? [],
			op,
			count,
			when: whenOf(r.within)
		});
	}
	const seen = seenRow(r, negated);
	if (seen || negated) return seen;
	if ('property' in r) {
		return row({
			kind: 'property',
			column: r.property,
			touch: r.touch ?? 'latest',
			op:
				r.op === '=' && r.value === null ? 'is_null' : r.op === '!=' && r.value === null ? 'not_null' : r.op,
			value: propertyText(r.value)
		});
	}
	if ('percentile' in r) {
		const p = r.percentile;
		const named = (['events', 'sessions', 'active_days'] as const).find((m) => m === p.of);
		return row({
			kind: 'percentile',
			measure: named ?? 'value',
			expr: named ? '' : p.of,
			top: p.top,
			when: whenOf(p.within)
		});
	}
	if ('sessions' in r) {
		const [op, count] = Object.entries(r.sessions)[0] as [CountOp, number];
		return row({ kind: 'sessions', op, count, when: whenOf(r.within) });
	}
	if ('users' in r) return row({ kind: 'users', ids: r.users });
	return null;
}

function node(r: SegmentRule): DraftNode {
	if ('all' in r) return { id: newId(), type: 'group', match: 'all', children: r.all.map(node) };
	if ('any' in r) return { id: newId(), type: 'group', match: 'any', children: r.any.map(node) };
	if ('not' in r) {
		const inner = r.not;
		if ('all' in inner)
			return { id: newId(), type: 'group', match: 'not_all', children: inner.all.map(node) };
		if ('any' in inner) return { id: newId(), type: 'group', match: 'none', children: inner.any.map(node) };
		return leafRow(inner, true) ?? { id: newId(), type: 'group', match: 'none', children: [node(inner)] };
	}
	const leaf = leafRow(r, false);
	if (!leaf) throw new Error(`Unknown rule ${JSON.stringify(r)}`);
	return leaf;
}

/**
 * The draft of a rule (a saved segment, a template), always under a root group. `buildRule(draftOf(r))`
 * gives back `r`, or for a group of one condition (`{ all: [x] }`) that condition, which means the same.
 */
export function draftOf(rule: SegmentRule): GroupNode {
	const n = node(rule);
	return n.type === 'group' ? n : { id: newId(), type: 'group', match: 'all', children: [n] };
}
