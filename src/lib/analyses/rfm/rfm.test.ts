/**
 * RFM (SEMANTICS §5) against an independent TypeScript reference over the rows (test/unit/support/
 * rfm-reference.ts, numpy's quantile written out, no code shared with the SQL), on a seeded fixture whose
 * users share counts, amounts and days so that ties sit on the edges; every bin count from 2 to 10 that
 * matters, both frequencies, the date range and the segment. Hand-built cases: rfm-cases.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../engine/node-duck.ts';
import { EngineCore } from '../../engine/core.ts';
import type { Database } from '../../engine/duck.ts';
import { rfmReference, type RfmReference, type RfmRow } from '../../../../test/unit/support/rfm-reference.ts';
import type { RfmResult, RfmSpecInput } from './spec.ts';

interface Row {
	user: string;
	t: number;
	event: string;
	order: string | null;
	qty: number;
	price: number | null;
	plan: string;
}

const SEC = 1000;
const DAY = 86_400_000;
const END = Date.UTC(2025, 2, 30, 18, 30, 0);

function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** 150 users over 200 days; many share counts, amounts and days, so ties sit on the edges. */
function makeRows(): Row[] {
	const rand = mulberry32(9);
	const rows: Row[] = [];
	for (let i = 0; i < 150; i++) {
		const user = `c${String(i).padStart(3, '0')}`;
		const orders = 1 + Math.floor(rand() * rand() * 9);
		const plan = rand() < 0.5 ? 'free' : 'pro';
		for (let o = 0; o < orders; o++) {
			const t = END - Math.floor(rand() * 200) * DAY - Math.floor(rand() * 4) * 3_600_000;
			const lines = 1 + Math.floor(rand() * 3);
			for (let l = 0; l < lines; l++)
				rows.push({
					user,
					t,
					event: 'buy',
					order: rand() < 0.05 ? null : `${user}-o${o}`,
					qty: 1 + Math.floor(rand() * 3),
					price: rand() < 0.05 ? null : [5, 10, 12.5, 20][Math.floor(rand() * 4)],
					plan
				});
			if (rand() < 0.5)
				rows.push({ user, t: t - 600 * SEC, event: 'view', order: null, qty: 0, price: null, plan });
		}
	}
	rows.push({ user: 'last', t: END, event: 'view', order: null, qty: 0, price: null, plan: 'free' });
	return rows.sort((a, b) => a.t - b.t);
}

const rows = makeRows();

function csv(rs: readonly Row[]): string {
	const line = (r: Row) =>
		`${r.user},${new Date(r.t).toISOString()},${r.event},${r.order ?? ''},${r.qty},${r.price ?? ''},${r.plan}`;
	return ['user,time,event,order,qty,price,plan', ...rs.map(line)].join('\n') + '\n';
}

let duck: Database;
let dir: string;
beforeAll(async () => {
	duck = await createNodeDuck();
	dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-rfm-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function load(name: string, text: string): Promise<EngineCore> {
	await writeFile(path.join(dir, name), text);
	const core = new EngineCore(duck);
	await core.ingest([await nodeSource(path.join(dir, name))], {
		columns: { user: 'user', time: 'time', event: 'event' }
	});
	return core;
}

const asRef = (rs: readonly Row[]): RfmRow[] =>
	rs.map((r) => ({ user: r.user, t: r.t, key: r.order, value: r.price === null ? null : r.qty * r.price }));

/** The engine's result against the reference: edges to 1e-12 (relative), every count and score exactly. */
function expectMatches(got: RfmResult, want: RfmReference) {
	for (const k of ['recency', 'frequency', 'monetary'] as const) {
		expect(got.edges[k]).toHaveLength(want.edges[k].length);
		got.edges[k].forEach((e, i) => expect(e).toBeCloseTo(want.edges[k][i], 9));
	}
	expect(got.segments).toEqual(want.segments);
	expect(got.scoreCounts).toEqual(want.scoreCounts);
	expect(got.users).toBe(want.users.size);
	if (got.rows) {
		expect(got.rows.map((r) => r.user)).toEqual([...want.users.keys()].sort());
		for (const r of got.rows) {
			const w = want.users.get(r.user)!;
			expect({ ...r, monetary: 0 }).toEqual({ user: r.user, ...w, monetary: 0 });
			expect(r.monetary).toBeCloseTo(w.monetary, 9);
		}
	}
}

describe('RFM scores equal the reference over the rows', () => {
	let core: EngineCore;
	const asOfMs = END + DAY;
	beforeAll(async () => {
		core = await load('events.csv', csv(rows));
	});

	for (const bins of [2, 3, 4, 5, 7, 10]) {
		for (const frequency of ['events', 'distinct:order'] as const) {
			it(`${bins} bins, frequency ${frequency}, purchases only`, async () => {
				const spec: RfmSpecInput = { kind: 'rfm', monetary: 'qty * price', frequency, bins, event: 'buy' };
				const got = (await core.result({ ...spec, perUser: true })) as RfmResult;
				const want = rfmReference(asRef(rows.filter((r) => r.event === 'buy')), {
					bins,
					asOfMs,
					frequency: frequency === 'events' ? 'events' : 'distinct'
				});
				expectMatches(got, want);
				expect(got.asOf).toBe(new Date(asOfMs).toISOString().replace('Z', '000Z'));
				// Without perUser the same numbers, and no rows.
				const summary = (await core.result(spec)) as RfmResult;
				expect(summary.rows).toBeUndefined();
				expect(summary.segments).toEqual(got.segments);
			});
		}
	}

	it('every event counts without an event filter, and views add no money', async () => {
		const got = (await core.result({
			kind: 'rfm',
			monetary: 'qty * price',
			bins: 5,
			perUser: true
		})) as RfmResult;
		expectMatches(got, rfmReference(asRef(rows), { bins: 5, asOfMs, frequency: 'events' }));
	});

	it('keeps only the segment’s users, and only the date range’s events', async () => {
		const from = '2025-01-01';
		const seg = { rule: { property: 'plan', op: '=', value: 'pro' } } as const;
		const got = (await core.result({
			kind: 'rfm',
			monetary: 'qty * price',
			bins: 4,
			event: 'buy',
			perUser: true,
			dateRange: { from, to: '2025-03-30' },
			segment: seg
		})) as RfmResult;
		const kept = rows.filter((r) => r.event === 'buy' && r.plan === 'pro' && r.t >= Date.parse(from));
		expectMatches(got, rfmReference(asRef(kept), { bins: 4, asOfMs, frequency: 'events' }));
	});

	it('groups tied users into one bin: equal measures always get equal scores', async () => {
		const got = (await core.result({
			kind: 'rfm',
			monetary: 'qty * price',
			bins: 5,
			event: 'buy',
			perUser: true
		})) as RfmResult;
		const byMeasures = new Map<string, string>();
		for (const r of got.rows!) {
			const key = `${r.recency}|${r.frequency}|${r.monetary}`;
			const code = `${r.r}${r.f}${r.m}`;
			expect(byMeasures.get(key) ?? code).toBe(code);
			byMeasures.set(key, code);
		}
		// The fixture does put ties on the edges: several users share a frequency edge value.
		const f = got.edges.frequency;
		expect(got.rows!.filter((r) => f.slice(1, -1).includes(r.frequency)).length).toBeGreaterThan(5);
	});
});
