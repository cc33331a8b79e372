/**
 * The rule builder's model helpers: edits produce the SEMANTICS §4 tree written out by hand, unfinished rows
 * never run, saved rules read back into the builder unchanged, and the builder's "before" / "since" days
 * select the users a plain TypeScript reading of the rows selects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../engine/node-duck.ts';
import { EngineCore } from '../../engine/core.ts';
import type { SegmentRule } from '../../spec/segment-rule.ts';
import { SEGMENT_TEMPLATES } from '../../workspace/segments.ts';
import { buildRule, type Condition, type GroupNode, type RowNode } from './rule-draft.ts';
import { draftOf } from './draft-of.ts';
import { propertyValue } from './property-value.ts';
import {
	addGroup,
	addRow,
	changeKind,
	findNode,
	newCondition,
	removeNode,
	setCondition,
	setMatch
} from './tree-edit.ts';
import type { SegmentResult } from './spec.ts';

const ctx = {
	columns: new Map([
		['device_type', 'VARCHAR'],
		['price', 'DOUBLE'],
		['quantity', 'BIGINT'],
		['zip', 'VARCHAR']
	])
};
const empty = (): GroupNode => ({ id: 'root', type: 'group', match: 'all', children: [] });
const lastRow = (g: GroupNode) => g.children[g.children.length - 1];

describe('editing the draft', () => {
	it('builds (did purchase ≥ 1 in 30 days AND device = mobile) OR NOT seen in 7 days', () => {
		let root = setMatch(empty(), 'root', 'any');
		root = addGroup(root, 'root', { ...newCondition('did'), event: 'order_completed' } as Condition);
		const group = lastRow(root) as GroupNode;
		root = addRow(root, group.id, newCondition('property'));
		const prop = lastRow(findNode(root, group.id) as GroupNode);
		root = setCondition(root, prop.id, {
			kind: 'property',
			column: 'device_type',
			touch: 'latest',
			op: '=',
			value: 'mobile'
		});
		root = addRow(root, 'root', newCondition('last_seen'));
		const seen = lastRow(root) as RowNode;
		root = setCondition(root, seen.id, { ...(seen.cond as Condition & { kind: 'seen' }), op: 'not_within' });

		const built = buildRule(root, ctx);
		expect(built.problems).toEqual({});
		expect(built.rule).toEqual({
			any: [
				{
					all: [
						{ did: 'order_completed', within: { last: 30, unit: 'day' } },
						{ property: 'device_type', op: '=', value: 'mobile' }
					]
				},
				{ not: { lastSeen: true, within: { last: 7, unit: 'day' } } }
			]
		});
	});

	it('writes counts, windows, filters, negation and groups as SEMANTICS §4 does', () => {
		let root = addRow(empty(), 'root', {
			kind: 'did',
			negate: true,
			event: 'product_viewed',
			where: [{ column: 'price', op: '>', value: 20 }],
			op: '>=',
			count: 3,
			when: { type: 'between', from: '2025-09-01', to: '2025-09-30' }
		});
		root = addRow(root, 'root', { ...newCondition('sessions'), op: '<', count: 2 } as Condition);
		root = addGroup(root, 'root', newCondition('first_seen'), 'none');
		expect(buildRule(root, ctx).rule).toEqual({
			all: [
				{
					not: {
						did: 'product_viewed',
						where: [{ column: 'price', op: '>', value: 20 }],
						count: { '>=': 3 },
						within: { from: '2025-09-01', to: '2025-09-30' }
					}
				},
				{ sessions: { '<': 2 }, within: { last: 7, unit: 'day' } },
				{ not: { firstSeen: true, within: { last: 30, unit: 'day' } } }
			]
		});
	});

	it('writes "before a day" and "since a day" as windows from the first day', () => {
		const before = addRow(empty(), 'root', {
			...newCondition('first_seen'),
			op: 'before',
			from: '2025-10-01'
		} as Condition);
		expect(buildRule(before, ctx).rule).toEqual({
			firstSeen: true,
			within: { from: '1000-01-01', to: '2025-09-30' }
		});
		const since = addRow(empty(), 'root', {
			...newCondition('last_seen'),
			op: 'since',
			from: '2025-10-01'
		} as Condition);
		expect(buildRule(since, ctx).rule).toEqual({
			not: { lastSeen: true, within: { from: '1000-01-01', to: '2025-09-30' } }
		});
	});

	it('keeps the event, filters and window when "did" becomes "did not do"', () => {
		const did = { ...newCondition('did'), event: 'search', count: 2 } as Condition;
		expect(changeKind(did, 'did_not')).toEqual({ ...did, negate: true });
		expect(changeKind(did, 'property')).toEqual(newCondition('property'));
	});

	it('removes a nested group with its last condition, and leaves the tree it was given alone', () => {
		let root = addRow(empty(), 'root', newCondition('did'));
		root = addGroup(root, 'root', newCondition('sessions'));
		const group = lastRow(root) as GroupNode;
		const before = structuredClone(root);
		const next = removeNode(root, group.children[0].id);
		expect(next.children).toHaveLength(1);
		expect(root).toEqual(before);
		expect(buildRule(next, ctx).rule).toEqual({ did: null, within: { last: 30, unit: 'day' } });
	});
});

describe('unfinished rows do not run', () => {
	const cases: [string, Condition][] = [
		['a property not chosen', newCondition('property')],
		['a property value not typed', { kind: 'property', column: 'zip', touch: 'latest', op: '=', value: '' }],
		['an empty list', { kind: 'property', column: 'zip', touch: 'latest', op: 'in', value: ' , ' }],
		['a column not in the data', { kind: 'property', column: 'plan', touch: 'latest', op: '=', value: 'x' }],
		['a count being typed', { ...newCondition('did'), count: null } as Condition],
		['a negative count', { ...newCondition('sessions'), count: -1 } as Condition],
		[
			'an empty window',
			{ ...newCondition('did'), when: { type: 'last', last: null, unit: 'day' } } as Condition
		],
		[
			'days the wrong way round',
			{ ...newCondition('did'), when: { type: 'between', from: '2025-10-02', to: '2025-10-01' } } as Condition
		],
		['a day not chosen', { ...newCondition('last_seen'), op: 'before', from: '' } as Condition],
		[
			'a half-written filter',
			{ ...newCondition('did'), where: [{ column: 'price', op: '>', value: '' }] } as Condition
		],
		['a share over 100 %', { ...newCondition('percentile'), top: 120 } as Condition],
		[
			'an empty value expression',
			{ ...newCondition('percentile'), measure: 'value', expr: ' ' } as Condition
		],
		[
			'a value expression naming no column',
			{ ...newCondition('percentile'), measure: 'value', expr: 'price * qty' } as Condition
		]
	];
	for (const [name, cond] of cases) {
		it(name, () => {
			let root = addRow(empty(), 'root', newCondition('did'));
			root = addRow(root, 'root', cond);
			const built = buildRule(root, ctx);
			expect(built.rule).toBeNull();
			expect(Object.keys(built.problems)).toEqual([lastRow(root).id]);
		});
	}

	it('an empty builder and an empty group', () => {
		expect(buildRule(empty(), ctx)).toEqual({ rule: null, problems: { root: 'Add a condition.' } });
		const root: GroupNode = {
			...empty(),
			children: [{ id: 'g', type: 'group', match: 'any', children: [] }]
		};
		expect(Object.keys(buildRule(root, ctx).problems)).toEqual(['g']);
	});
});

describe('a saved rule opens in the builder as it was saved', () => {
	const rules: SegmentRule[] = [
		...SEGMENT_TEMPLATES.map((t) => t.rule),
		{
			all: [
				{ did: 'product_viewed', count: { '>=': 3 }, within: { last: 7, unit: 'day' } },
				{ not: { did: 'order_completed', within: { last: 30, unit: 'day' } } },
				{ property: 'device_type', op: '=', value: 'mobile' }
			]
		},
		{ property: 'zip', op: 'in', value: ['01234', '99'], touch: 'first' },
		{ property: 'price', op: 'not_null' },
		{ percentile: { of: 'price * quantity', top: 20, within: { last: 3, unit: 'month' } } },
		{ percentile: { of: 'active_days', top: 5 } },
		{
			not: {
				any: [{ firstSeen: true, within: { from: '2025-01-01', to: '2025-01-31' } }, { users: ['a', 'b'] }]
			}
		},
		{ not: { all: [{ did: 'x' }, { sessions: { '=': 0 } }] } },
		{ not: { property: 'device_type', op: 'contains', value: 'mob' } },
		{ any: [{ lastSeen: true, within: { from: '1000-01-01', to: '2025-05-31' } }, { not: { did: null } }] }
	];
	for (const rule of rules) {
		it(JSON.stringify(rule).slice(0, 90), () => {
			expect(buildRule(draftOf(rule), ctx)).toEqual({ rule, problems: {} });
		});
	}
});

describe('property values take the column type', () => {
	it('numbers for numeric columns, text as typed for text columns', () => {
		expect(propertyValue('=', '5', 'BIGINT')).toBe(5);
		expect(propertyValue('=', '5', 'DECIMAL(10,2)')).toBe(5);
		expect(propertyValue('=', '01234', 'VARCHAR')).toBe('01234');
		expect(propertyValue('>', '10', 'VARCHAR')).toBe(10);
		expect(propertyValue('contains', '12', 'BIGINT')).toBe('12');
		expect(propertyValue('=', 'TRUE', 'BOOLEAN')).toBe(true);
		expect(propertyValue('in', 'a, 7 ,, b', 'VARCHAR')).toEqual(['a', '7', 'b']);
		expect(propertyValue('not_in', '1,2', 'INTEGER')).toEqual([1, 2]);
		expect(propertyValue('is_null', '', 'VARCHAR')).toBeNull();
		expect(propertyValue('=', '', 'VARCHAR')).toBeUndefined();
	});
});

describe('"before" and "since" select what the rows say', () => {
	const DAY = 86_400_000;
	const t0 = Date.UTC(2025, 8, 1, 12);
	// user → [first, last] event day offsets from t0; the split day is day 10 (2025-09-11).
	const spans: Record<string, [number, number]> = {
		early: [0, 3],
		straddle: [5, 20],
		edge_before: [9, 9],
		edge_on: [10, 10],
		late: [12, 30]
	};
	let dir: string;
	let core: EngineCore;
	beforeAll(async () => {
		dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-draft-'));
		const lines = ['user,time,event'];
		for (const [u, [a, b]] of Object.entries(spans))
			for (const d of new Set([a, b])) lines.push(`${u},${new Date(t0 + d * DAY).toISOString()},view`);
		await writeFile(path.join(dir, 'e.csv'), lines.join('\n') + '\n');
		core = new EngineCore(await createNodeDuck());
		await core.ingest([await nodeSource(path.join(dir, 'e.csv'))], {
			columns: { user: 'user', time: 'time', event: 'event' }
		});
	});
	afterAll(() => rm(dir, { recursive: true, force: true }));

	const split = '2025-09-11';
	const cases: [string, 'first' | 'last', 'before' | 'since', (s: [number, number]) => boolean][] = [
		['first seen before', 'first', 'before', ([a]) => a < 10],
		['first seen since', 'first', 'since', ([a]) => a >= 10],
		['last seen before', 'last', 'before', ([, b]) => b < 10],
		['last seen since', 'last', 'since', ([, b]) => b >= 10]
	];
	for (const [name, which, op, want] of cases) {
		it(name, async () => {
			const root = addRow(empty(), 'root', {
				...newCondition(which === 'first' ? 'first_seen' : 'last_seen'),
				op,
				from: split
			} as Condition);
			const rule = buildRule(root, { columns: new Map() }).rule!;
			const got = (await core.result({ kind: 'segment', rule, list: true })) as SegmentResult;
			const expected = Object.entries(spans)
				.filter(([, s]) => want(s))
				.map(([u]) => u)
				.sort();
			expect(got.userIds).toEqual(expected);
		});
	}
});
