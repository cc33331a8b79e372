/**
 * Segment rules (SEMANTICS §4) against a plain TypeScript reference over the same rows, sharing no code with
 * the SQL: every rule kind, nesting, window edges (exactly D days before the last event, and one second
 * more), percentile ties, first and latest property values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../engine/node-duck.ts';
import { EngineCore } from '../../engine/core.ts';
import { mulberry32 } from '../../../../test/unit/support/random.ts';
import type { SegmentRule } from '../../spec/segment-rule.ts';
import type { SegmentResult } from './spec.ts';

interface Row {
	user: string;
	t: number;
	event: string;
	plan: string | null;
	amount: number | null;
}

const SEC = 1000;
const MIN = 60 * SEC;
const DAY = 86_400_000;
const END = Date.UTC(2025, 2, 31, 12, 0, 0);

function makeRows(): Row[] {
	const rand = mulberry32(4);
	const rows: Row[] = [];
	for (let i = 0; i < 60; i++) {
		const user = `u${String(i).padStart(2, '0')}`;
		let t = END - Math.floor(rand() * 90) * DAY - Math.floor(rand() * DAY);
		const n = 1 + Math.floor(rand() * 12);
		for (let j = 0; j < n && t <= END; j++) {
			const plan = rand() < 0.3 ? null : rand() < 0.5 ? 'free' : 'pro';
			rows.push({
				user,
				t,
				event: rand() < 0.5 ? 'view' : rand() < 0.6 ? 'cart' : 'buy',
				plan,
				amount: rand() < 0.2 ? null : Math.round(rand() * 5000) / 100
			});
			t += rand() < 0.5 ? Math.floor(rand() * 40) * MIN : Math.floor(rand() * 9 * DAY);
		}
	}
	// Window edges: exactly 7 days before the last event (out of "last 7 days") and one second later (in).
	rows.push({ user: 'edge_out', t: END - 7 * DAY, event: 'buy', plan: 'pro', amount: 1 });
	rows.push({ user: 'edge_in', t: END - 7 * DAY + SEC, event: 'buy', plan: 'pro', amount: 1 });
	rows.push({ user: 'last', t: END, event: 'view', plan: 'free', amount: 2 });
	// Ties at a percentile threshold: four users with exactly the same number of events.
	for (const u of ['tie_a', 'tie_b', 'tie_c', 'tie_d'])
		for (let k = 0; k < 9; k++)
			rows.push({ user: u, t: END - 30 * DAY + k * DAY, event: 'view', plan: null, amount: 0 });
	return rows.sort((a, b) => a.t - b.t);
}

const rows = makeRows();
const users = [...new Set(rows.map((r) => r.user))].sort();
const asOf = Math.max(...rows.map((r) => r.t));

/** SEMANTICS §4 straight from the rows. */
function reference(rule: SegmentRule): string[] {
	const inWindow = (t: number, w: { last: number; unit: string } | undefined) => {
		if (!w) return true;
		const span = w.last * (w.unit === 'week' ? 7 : w.unit === 'month' ? 30 : 1) * DAY;
		return t > asOf - span && t <= asOf;
	};
	const cmp = (n: number, c: Record<string, number> | undefined) => {
		const [op, v] = Object.entries(c ?? { '>=': 1 })[0];
		return op === '>='
			? n >= v
			: op === '>'
				? n > v
				: op === '<='
					? n <= v
					: op === '<'
						? n < v
						: op === '='
							? n === v
							: n !== v;
	};
	const of = (u: string) => rows.filter((r) => r.user === u);
	const sessionsOf = (u: string) => {
		const starts: number[] = [];
		let prev = -Infinity;
		for (const r of of(u)) {
			if (r.t - prev > 30 * MIN) starts.push(r.t);
			prev = r.t;
		}
		return starts;
	};
	const quantile = (xs: number[], q: number) => {
		const s = [...xs].sort((a, b) => a - b);
		const h = (s.length - 1) * q;
		const lo = Math.floor(h);
		return s[lo] + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]) - s[lo]);
	};
	const test = (r: SegmentRule, u: string): boolean => {
		if ('all' in r) return r.all.every((x) => test(x, u));
		if ('any' in r) return r.any.some((x) => test(x, u));
		if ('not' in r) return !test(r.not, u);
		if ('did' in r) {
			const n = of(u).filter(
				(x) =>
					(r.did === null || x.event === r.did) &&
					(r.where ?? []).every((f) => f.op === '=' && x[f.column as 'plan'] === f.value) &&
					inWindow(x.t, r.within as never)
			).length;
			return cmp(n, r.count);
		}
		if ('sessions' in r)
			return cmp(sessionsOf(u).filter((t) => inWindow(t, r.within as never)).length, r.sessions);
		if ('lastSeen' in r) return inWindow(Math.max(...of(u).map((x) => x.t)), r.within as never);
		if ('firstSeen' in r) return inWindow(Math.min(...of(u).map((x) => x.t)), r.within as never);
		if ('property' in r) {
			const vals = of(u)
				.map((x) => x[r.property as 'plan'])
				.filter((v) => v !== null);
			const v = r.touch === 'first' ? vals[0] : vals[vals.length - 1];
			return v !== undefined && v === r.value;
		}
		if ('percentile' in r) {
			const m = (x: string) =>
				r.percentile.of === 'events'
					? of(x).length
					: r.percentile.of === 'sessions'
						? sessionsOf(x).length
						: of(x).reduce((s, y) => s + (y.amount ?? 0), 0);
			const threshold = quantile(users.map(m), 1 - r.percentile.top / 100);
			return m(u) >= threshold - 1e-9;
		}
		if ('users' in r) return r.users.includes(u);
		throw new Error('unknown rule');
	};
	return users.filter((u) => test(rule, u));
}

let dir: string;
let core: EngineCore;
beforeAll(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-segment-'));
	const csv = ['user,time,event,plan,amount']
		.concat(
			rows.map((r) => `${r.user},${new Date(r.t).toISOString()},${r.event},${r.plan ?? ''},${r.amount ?? ''}`)
		)
		.join('\n');
	await writeFile(path.join(dir, 'events.csv'), csv + '\n');
	core = new EngineCore(await createNodeDuck());
	await core.ingest([await nodeSource(path.join(dir, 'events.csv'))], {
		columns: { user: 'user', time: 'time', event: 'event' }
	});
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const last7 = { last: 7, unit: 'day' } as const;
const cases: [string, SegmentRule][] = [
	['did an event at least once', { did: 'buy' }],
	['did an event 3+ times', { did: 'view', count: { '>=': 3 } }],
	['did exactly twice', { did: 'cart', count: { '=': 2 } }],
	['did with a property filter', { did: 'buy', where: [{ column: 'plan', op: '=', value: 'pro' }] }],
	['did anything in the last 7 days (edge: exactly 7 days out, one second in)', { did: null, within: last7 }],
	['did not buy in the last 30 days', { not: { did: 'buy', within: { last: 30, unit: 'day' } } }],
	['at least 2 sessions in the last 4 weeks', { sessions: { '>=': 2 }, within: { last: 4, unit: 'week' } }],
	['first seen in the last month', { firstSeen: true, within: { last: 1, unit: 'month' } }],
	['last seen in the last 7 days', { lastSeen: true, within: last7 }],
	['latest plan is pro', { property: 'plan', op: '=', value: 'pro' }],
	['first plan is free', { property: 'plan', op: '=', value: 'free', touch: 'first' }],
	['top 10% by events (ties together)', { percentile: { of: 'events', top: 10 } }],
	['top 25% by sessions', { percentile: { of: 'sessions', top: 25 } }],
	['top 20% by amount spent', { percentile: { of: 'amount', top: 20 } }],
	['a list of users', { users: ['u01', 'u07', 'nobody'] }],
	[
		'nested all / any / not',
		{
			all: [
				{
					any: [
						{ did: 'buy', count: { '>=': 2 } },
						{ property: 'plan', op: '=', value: 'pro' }
					]
				},
				{ not: { lastSeen: true, within: { last: 14, unit: 'day' } } }
			]
		}
	]
];

describe('segment rules match a reference over the rows', () => {
	for (const [name, rule] of cases) {
		it(name, async () => {
			const got = (await core.result({ kind: 'segment', rule, list: true })) as SegmentResult;
			const want = reference(rule);
			// Each case splits the users: an empty or full segment would prove little.
			expect(want.length).toBeGreaterThan(0);
			expect(want.length).toBeLessThan(users.length);
			expect(got.userIds).toEqual(want);
			expect(got.users).toBe(want.length);
			expect(got.share).toBeCloseTo(want.length / users.length, 12);
			expect(got.sample).toEqual(want.slice(0, 100));
		});
	}

	it('puts the window edge where SEMANTICS says: (asOf − 7 days, asOf]', async () => {
		const got = (await core.result({
			kind: 'segment',
			rule: { did: 'buy', within: last7 },
			list: true
		})) as SegmentResult;
		expect(got.userIds).toContain('edge_in');
		expect(got.userIds).not.toContain('edge_out');
	});

	it('keeps tied users together at a percentile threshold', async () => {
		const got = (await core.result({
			kind: 'segment',
			rule: { percentile: { of: 'events', top: 10 } },
			list: true
		})) as SegmentResult;
		const ties = ['tie_a', 'tie_b', 'tie_c', 'tie_d'].filter((u) => got.userIds!.includes(u));
		expect([0, 4]).toContain(ties.length);
	});
});
