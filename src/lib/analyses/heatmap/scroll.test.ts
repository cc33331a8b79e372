/**
 * Scroll depth (SEMANTICS §7) against an independent computation over the rows: pageviews (user, session by
 * the 30-minute gap, page) and the share whose deepest scroll reaches each 10 % step, in percent and in
 * fractions of the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../engine/node-duck.ts';
import { EngineCore } from '../../engine/core.ts';
import type { Database } from '../../engine/duck.ts';
import { mulberry32 } from '../../../../test/unit/support/random.ts';
import type { ScrollResult } from './spec.ts';

interface Row {
	user: string | null;
	t: number;
	url: string;
	depth: number | null;
}

const MIN = 60_000;
const URLS = ['https://shop.example/', 'https://shop.example/cart?x=1', 'https://shop.example/blog/post/'];

function makeRows(): Row[] {
	const rand = mulberry32(3);
	const rows: Row[] = [];
	for (let i = 0; i < 2000; i++) {
		const d = Math.round(rand() * 110) - 5;
		rows.push({
			user: rand() < 0.02 ? null : `u${Math.floor(rand() * 40)}`,
			// 40 users over 3 days: gaps both below and above 30 minutes.
			t: Date.UTC(2025, 5, 1) + Math.floor(rand() * 3 * 24 * 60) * MIN,
			url: URLS[Math.floor(rand() * URLS.length)],
			depth: rand() < 0.2 ? null : d
		});
	}
	return rows;
}

const pageOf = (url: string) => {
	const u = new URL(url);
	return u.host + (u.pathname.length > 1 ? u.pathname.replace(/\/+$/, '') : '/');
};

/** Session number of each row by the 30-minute gap rule, per user (rows without a user: none). */
function sessions(rows: Row[]): (string | null)[] {
	const order = rows.map((_, i) => i).sort((a, b) => rows[a].t - rows[b].t || a - b);
	const last = new Map<string, { t: number; n: number }>();
	const out: (string | null)[] = rows.map(() => null);
	for (const i of order) {
		const r = rows[i];
		if (r.user === null) continue;
		const prev = last.get(r.user);
		const n = prev && r.t - prev.t <= 30 * MIN ? prev.n : (prev?.n ?? 0) + 1;
		last.set(r.user, { t: r.t, n });
		out[i] = `${r.user}#${n}`;
	}
	return out;
}

function reference(rows: Row[], scale: number) {
	const session = sessions(rows);
	const views = new Map<string, Map<string, number>>();
	let skipped = 0;
	rows.forEach((r, i) => {
		if (r.depth === null) return;
		const pct = r.depth * scale;
		if (pct < 0 || pct > 100) return void skipped++;
		const page = pageOf(r.url);
		const key = session[i] ?? `row${i}`;
		const m = views.get(page) ?? new Map<string, number>();
		m.set(key, Math.max(m.get(key) ?? -1, pct));
		views.set(page, m);
	});
	const pages = [...views.entries()]
		.map(([page, m]) => {
			const maxes = [...m.values()];
			return {
				page,
				pageviews: maxes.length,
				reach: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((depth) => ({
					depth,
					share: maxes.filter((x) => x >= depth).length / maxes.length
				}))
			};
		})
		.sort((a, b) => b.pageviews - a.pageviews || (a.page < b.page ? -1 : 1));
	return { pages, skipped };
}

let duck: Database;
let dir: string;
const rows = makeRows();

beforeAll(async () => {
	duck = await createNodeDuck();
	dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-scroll-'));
	const write = (name: string, depth: (d: number) => string) =>
		writeFile(
			path.join(dir, name),
			[
				'user,time,event,url,scroll_depth',
				...rows.map(
					(r) =>
						`${r.user ?? ''},${new Date(r.t).toISOString()},${r.depth === null ? '$pageview' : '$pageleave'},${r.url},${r.depth === null ? '' : depth(r.depth)}`
				)
			].join('\n') + '\n'
		);
	await write('percent.csv', (d) => String(d));
	// The same depths as fractions of the page, with none above 1 (values beyond 100 % dropped here).
	await write('fractions.csv', (d) => (d > 100 ? '' : String(d / 100)));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function load(file: string): Promise<EngineCore> {
	const core = new EngineCore(duck);
	await core.ingest([await nodeSource(path.join(dir, file))], {
		columns: { user: 'user', time: 'time', event: 'event' }
	});
	return core;
}

describe('scroll depth equals an independent computation over the rows', () => {
	it('reads percent, one pageview per user, session and page, values outside 0-100 skipped', async () => {
		const core = await load('percent.csv');
		const r = (await core.result({ kind: 'heatmap', type: 'scroll' })) as ScrollResult;
		const ref = reference(rows, 1);
		expect(r.mapping).toEqual({ depth: 'scroll_depth', page: 'url' });
		expect(r.fractions).toBe(false);
		expect(r.skipped).toBe(ref.skipped);
		expect(r.skipped).toBeGreaterThan(10);
		expect(r.pages).toEqual(ref.pages);
	});

	it('reads a column with no value above 1 as fractions', async () => {
		const core = await load('fractions.csv');
		const r = (await core.result({ kind: 'heatmap', type: 'scroll' })) as ScrollResult;
		const ref = reference(
			rows.map((x) => ({ ...x, depth: x.depth !== null && x.depth > 100 ? null : x.depth })),
			1
		);
		expect(r.fractions).toBe(true);
		expect(r.pages.map((p) => p.pageviews)).toEqual(ref.pages.map((p) => p.pageviews));
		for (const [i, p] of r.pages.entries())
			for (const [j, s] of p.reach.entries()) expect(s.share).toBeCloseTo(ref.pages[i].reach[j].share, 12);
	});
});
