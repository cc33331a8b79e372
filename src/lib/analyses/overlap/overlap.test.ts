/**
 * The segment overlap matrix (one DuckDB query) against an independent count: each segment's users picked
 * from the rows by a plain TypeScript predicate, then every pair intersected with Sets. Plus the spec's
 * checks and the shares the heatmap and table show.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../engine/node-duck.ts';
import { EngineCore } from '../../engine/core.ts';
import type { SegmentRule } from '../../spec/segment-rule.ts';
import { parseOverlap, type OverlapResult } from './spec.ts';
import { overlapOption, overlapShare, overlapTable } from './chart-options.ts';
import { overlapSegments } from './view.ts';

interface Row {
	user: string;
	t: number;
	event: string;
	plan: string;
}

const DAY = 86_400_000;
const END = Date.UTC(2025, 5, 30, 18);

/** 80 users with 1 to 11 events each over 60 days; plans change over time for some users. */
function makeRows(): Row[] {
	const rows: Row[] = [];
	for (let i = 0; i < 80; i++) {
		const n = ((i * 7) % 11) + 1;
		for (let j = 0; j < n; j++) {
			rows.push({
				user: `u${String(i).padStart(2, '0')}`,
				t: END - ((i * 13 + j * 5) % 60) * DAY - j * 3_600_000,
				event: ['view', 'cart', 'buy'][(i + j) % 3],
				plan: ['free', 'pro', 'team', 'free'][(i + (j > 4 ? 1 : 0)) % 4]
			});
		}
	}
	return rows.sort((a, b) => a.t - b.t);
}

const rows = makeRows();
const users = [...new Set(rows.map((r) => r.user))];
const asOf = Math.max(...rows.map((r) => r.t));
const of = (u: string) => rows.filter((r) => r.user === u);

/** Each segment: its rule, and the same condition read off the rows in TypeScript. */
const segments: { name: string; rule: SegmentRule; test: (u: string) => boolean }[] = [
	{ name: 'Buyers', rule: { did: 'buy' }, test: (u) => of(u).some((r) => r.event === 'buy') },
	{
		name: 'Pro now',
		rule: { property: 'plan', op: '=', value: 'pro' },
		test: (u) => of(u).at(-1)?.plan === 'pro'
	},
	{
		name: 'Seen this fortnight',
		rule: { lastSeen: true, within: { last: 14, unit: 'day' } },
		test: (u) => (of(u).at(-1)?.t ?? 0) > asOf - 14 * DAY
	},
	{
		name: 'Frequent viewers',
		rule: { did: 'view', count: { '>=': 3 } },
		test: (u) => of(u).filter((r) => r.event === 'view').length >= 3
	},
	{ name: 'Nobody', rule: { users: ['no-such-user'] }, test: () => false }
];

let dir: string;
let core: EngineCore;
beforeAll(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-overlap-'));
	const csv = [
		'user,time,event,plan',
		...rows.map((r) => `${r.user},${new Date(r.t).toISOString()},${r.event},${r.plan}`)
	];
	await writeFile(path.join(dir, 'events.csv'), csv.join('\n') + '\n');
	core = new EngineCore(await createNodeDuck());
	await core.ingest([await nodeSource(path.join(dir, 'events.csv'))], {
		columns: { user: 'user', time: 'time', event: 'event' }
	});
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('overlap of segments', () => {
	it('counts every pair as the rows do', async () => {
		const got = (await core.result({
			kind: 'overlap',
			segments: segments.map(({ name, rule }) => ({ name, rule }))
		})) as OverlapResult;
		const members = segments.map((s) => new Set(users.filter(s.test)));
		const want = members.map((a) => members.map((b) => [...a].filter((u) => b.has(u)).length));
		// The fixture must make the check worth something: segments of different sizes that partly overlap.
		expect(new Set(members.map((m) => m.size)).size).toBeGreaterThanOrEqual(4);
		expect(want[0][1]).toBeGreaterThan(0);
		expect(want[0][1]).toBeLessThan(Math.min(want[0][0], want[1][1]));
		expect(got.both).toEqual(want);
		expect(got.total).toBe(users.length);
		expect(got.segments).toEqual(segments.map((s, i) => ({ name: s.name, users: members[i].size })));
	});

	it('still gives the number of users when no segment has any', async () => {
		const got = (await core.result({
			kind: 'overlap',
			segments: [
				{ name: 'a', rule: { users: [] } },
				{ name: 'b', rule: { did: 'no-such-event' } }
			]
		})) as OverlapResult;
		expect(got).toEqual({
			total: users.length,
			segments: [
				{ name: 'a', users: 0 },
				{ name: 'b', users: 0 }
			],
			both: [
				[0, 0],
				[0, 0]
			]
		});
	});

	it('refuses a name used twice, an empty list, and a bad rule, naming the field', () => {
		const rule = { did: 'buy' };
		expect(() =>
			parseOverlap({
				kind: 'overlap',
				segments: [
					{ name: 'x', rule },
					{ name: 'x', rule }
				]
			})
		).toThrow(/analysis\.segments\[1\]\.name "x" is used twice/);
		expect(() => parseOverlap({ kind: 'overlap', segments: [] })).toThrow(/analysis\.segments must be/);
		expect(() => parseOverlap({ kind: 'overlap', segments: [{ name: 'x', rule: { did: 1 } }] })).toThrow(
			/analysis\.segments\[0\]\.rule\.did/
		);
	});
});

describe('what the matrix shows', () => {
	const result: OverlapResult = {
		total: 100,
		segments: [
			{ name: 'A', users: 40 },
			{ name: 'B', users: 10 },
			{ name: 'C', users: 0 }
		],
		both: [
			[40, 5, 0],
			[5, 10, 0],
			[0, 0, 0]
		]
	};

	it('shares are of the row segment: 5 of A’s 40, 5 of B’s 10, none of an empty segment', () => {
		expect(overlapShare(result, 0, 1)).toBe(0.125);
		expect(overlapShare(result, 1, 0)).toBe(0.5);
		expect(overlapShare(result, 2, 0)).toBeNull();
		expect(overlapTable(result).rows).toEqual([
			['A', 'A', 40, 1, 1],
			['A', 'B', 5, 0.125, 0.5],
			['A', 'C', 0, 0, null],
			['B', 'B', 10, 1, 1],
			['B', 'C', 0, 0, null],
			['C', 'C', 0, null, null]
		]);
	});

	it('draws cells [column, row, share % of the row, users], white labels on the dark half', () => {
		const [series] = overlapOption(result).series as {
			data: { value: unknown[]; label?: { color: string } }[];
		}[];
		expect(series.data.map((d) => d.value)).toEqual([
			[0, 0, 100, 40],
			[1, 0, 12.5, 5],
			[2, 0, 0, 0],
			[0, 1, 50, 5],
			[1, 1, 100, 10],
			[2, 1, 0, 0],
			[0, 2, null, 0],
			[1, 2, null, 0],
			[2, 2, null, 0]
		]);
		expect(series.data.filter((d) => d.label).map((d) => d.value.slice(0, 2))).toEqual([
			[0, 0],
			[1, 1]
		]);
	});

	it('leaves out segments that cannot run on the data and makes names unique', () => {
		const rule = { did: 'buy' };
		const picked = overlapSegments(
			[
				{ name: 'Lapsed', rule },
				{ name: 'Lapsed', rule },
				{ name: 'Plan', rule: { property: 'plan', op: '=', value: 'pro' } },
				{ name: 'Lapsed', rule }
			],
			(r) => ('property' in r ? 'This data has no column plan.' : null)
		);
		expect(picked.segments.map((s) => s.name)).toEqual(['Lapsed', 'Lapsed (2)', 'Lapsed (3)']);
		expect(picked.left).toEqual([{ name: 'Plan', reason: 'This data has no column plan.' }]);
	});
});
