/**
 * Edits of the rule builder's draft (rule-draft.ts), pure: each returns a new tree with the change made
 * and leaves the one it was given as it was, so the model can keep the tree as raw state and the builder
 * redraws what changed. Nodes are found by id; an unknown id changes nothing.
 */
import {
	newId,
	type Condition,
	type DraftNode,
	type GroupNode,
	type Match,
	type RowNode
} from './rule-draft.ts';

/** What a row can be, as the row's first picker offers it. */
export type RowKind = 'did' | 'did_not' | 'property' | 'first_seen' | 'last_seen' | 'percentile' | 'sessions';

export const ROW_KINDS: readonly { kind: RowKind; label: string }[] = [
	{ kind: 'did', label: 'did' },
	{ kind: 'did_not', label: 'did not do' },
	{ kind: 'property', label: 'has property' },
	{ kind: 'first_seen', label: 'first seen' },
	{ kind: 'last_seen', label: 'last seen' },
	{ kind: 'sessions', label: 'had sessions' },
	{ kind: 'percentile', label: 'is in the top' }
];

/** The picker entry of a condition ('users', a fixed list, has none: it is shown as it is). */
export function rowKindOf(c: Condition): RowKind | null {
	switch (c.kind) {
		case 'did':
			return c.negate ? 'did_not' : 'did';
		case 'seen':
			return c.which === 'first' ? 'first_seen' : 'last_seen';
		case 'users':
			return null;
		default:
			return c.kind;
	}
}

/**
 * A new condition of `kind` with the usual starting values: did (any event, at least once, in the last 30
 * days), property (to be chosen), first seen in the last 30 days, last seen in the last 7, at least 5
 * sessions in the last 7 days, the top 10 % by events.
 */
export function newCondition(kind: RowKind): Condition {
	switch (kind) {
		case 'did':
		case 'did_not':
			return {
				kind: 'did',
				negate: kind === 'did_not',
				event: null,
				where: [],
				op: '>=',
				count: 1,
				when: { type: 'last', last: 30, unit: 'day' }
			};
		case 'property':
			return { kind: 'property', column: '', touch: 'latest', op: '=', value: '' };
		case 'first_seen':
		case 'last_seen':
			return {
				kind: 'seen',
				which: kind === 'first_seen' ? 'first' : 'last',
				op: 'within',
				last: kind === 'first_seen' ? 30 : 7,
				unit: 'day',
				from: '',
				to: ''
			};
		case 'sessions':
			return { kind: 'sessions', op: '>=', count: 5, when: { type: 'last', last: 7, unit: 'day' } };
		case 'percentile':
			return { kind: 'percentile', measure: 'events', expr: '', top: 10, when: { type: 'ever' } };
	}
}

/**
 * A row changed to another kind. Moving between "did" and "did not do" keeps the event, filters, count and
 * window, and between first and last seen keeps the window; any other change starts from `newCondition`.
 */
export function changeKind(c: Condition, kind: RowKind): Condition {
	if (c.kind === 'did' && (kind === 'did' || kind === 'did_not')) return { ...c, negate: kind === 'did_not' };
	if (c.kind === 'seen' && (kind === 'first_seen' || kind === 'last_seen'))
		return { ...c, which: kind === 'first_seen' ? 'first' : 'last' };
	return newCondition(kind);
}

function map(n: DraftNode, id: string, f: (n: DraftNode) => DraftNode | null): DraftNode | null {
	if (n.id === id) return f(n);
	if (n.type === 'row') return n;
	let changed = false;
	const children: DraftNode[] = [];
	for (const c of n.children) {
		const next = map(c, id, f);
		if (next !== c) changed = true;
		if (next) children.push(next);
	}
	return changed ? { ...n, children } : n;
}

function edit(root: GroupNode, id: string, f: (n: DraftNode) => DraftNode | null): GroupNode {
	return (map(root, id, f) as GroupNode | null) ?? root;
}

/** The node with `id`, or undefined. */
export function findNode(root: DraftNode, id: string): DraftNode | undefined {
	if (root.id === id) return root;
	if (root.type === 'row') return undefined;
	for (const c of root.children) {
		const hit = findNode(c, id);
		if (hit) return hit;
	}
	return undefined;
}

/** Appends a row with `cond` to the group `groupId`. */
export function addRow(root: GroupNode, groupId: string, cond: Condition): GroupNode {
	const row: RowNode = { id: newId(), type: 'row', cond };
	return edit(root, groupId, (g) => (g.type === 'group' ? { ...g, children: [...g.children, row] } : g));
}

/** Appends a nested group (matching `match`, default all) holding one row with `cond`. */
export function addGroup(root: GroupNode, groupId: string, cond: Condition, match: Match = 'all'): GroupNode {
	const group: GroupNode = {
		id: newId(),
		type: 'group',
		match,
		children: [{ id: newId(), type: 'row', cond }]
	};
	return edit(root, groupId, (g) => (g.type === 'group' ? { ...g, children: [...g.children, group] } : g));
}

/**
 * Removes a row or nested group. A nested group left without any condition goes with it, so no empty
 * group is left behind; the root stays (empty: the builder then asks for a condition).
 */
export function removeNode(root: GroupNode, id: string): GroupNode {
	if (id === root.id) return { ...root, children: [] };
	const prune = (n: DraftNode): DraftNode | null => {
		if (n.id === id) return null;
		if (n.type === 'row') return n;
		const children = n.children.map(prune).filter((c): c is DraftNode => c !== null);
		if (children.length === n.children.length && children.every((c, i) => c === n.children[i])) return n;
		return children.length === 0 ? null : { ...n, children };
	};
	const next = prune(root) as GroupNode | null;
	return next ?? { ...root, children: [] };
}

/** Replaces the condition of row `id`. */
export function setCondition(root: GroupNode, id: string, cond: Condition): GroupNode {
	return edit(root, id, (n) => (n.type === 'row' ? { ...n, cond } : n));
}

/** Sets how group `id` combines its conditions: all, any, none of them, or not all of them. */
export function setMatch(root: GroupNode, id: string, match: Match): GroupNode {
	return edit(root, id, (n) => (n.type === 'group' ? { ...n, match } : n));
}
