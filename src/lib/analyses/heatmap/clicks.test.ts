/**
 * The click heatmap (SEMANTICS §7) against an independent computation over the rows: page from the WHATWG
 * URL parser, grid cells from integer pixels, device classes, skipped rows, and rage clicks by a plain
 * reference, on PostHog-named columns (guessed) and on hand-built bursts at the 1 s and 30 px edges.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../engine/node-duck.ts';
import { EngineCore } from '../../engine/core.ts';
import type { Database } from '../../engine/duck.ts';
import { mulberry32 } from '../../../../test/unit/support/random.ts';
import type { ClickResult } from './spec.ts';

interface Click {
	user: string | null;
	t: number;
	url: string;
	x: number | null;
	y: number | null;
	vw: number | null;
	device: string;
}

const T0 = Date.UTC(2025, 4, 5, 9);
const URLS = [
	'https://shop.example/',
	'https://Shop.Example/cart/?step=2#top',
	'https://shop.example/cart',
	'https://shop.example/Products/42?utm_source=x',
	'https://shop.example',
	'http://www.shop.example/help/#faq'
];
const WIDTHS = [360, 390, 767, 768, 820, 1023, 1024, 1280, 1440, 1920];
const DEVICES = ['', '', 'Mobile', 'desktop', 'Tablet', 'tv'];

function randomClicks(): Click[] {
	const rand = mulberry32(5);
	const out: Click[] = [];
	for (let i = 0; i < 3000; i++) {
		const vw = rand() < 0.03 ? null : rand() < 0.02 ? 0 : WIDTHS[Math.floor(rand() * WIDTHS.length)];
		const w = vw || 1000;
		// Bursty users: a few clicks a few hundred ms apart, near each other, now and then.
		const prev = out[out.length - 1];
		const burst = prev && rand() < 0.3;
		out.push({
			user: burst ? prev.user : rand() < 0.03 ? null : `u${Math.floor(rand() * 80)}`,
			t: burst ? prev.t + Math.floor(rand() * 1300) : T0 + Math.floor(rand() * 7 * 86_400_000),
			url: burst ? prev.url : URLS[Math.floor(rand() * URLS.length)],
			x: burst && prev.x !== null ? prev.x + Math.floor(rand() * 40) - 20 : Math.floor(rand() * (w + 20)) - 5,
			y: burst && prev.y !== null ? prev.y + Math.floor(rand() * 40) - 20 : Math.floor(rand() * 3000) - 5,
			vw: burst ? prev.vw : vw,
			device: DEVICES[Math.floor(rand() * DEVICES.length)]
		});
	}
	return out;
}

/** Bursts with known answers: [user, ms after T1, x, y, page]. */
const T1 = Date.UTC(2025, 4, 20, 12);
const HAND: [string, number, number, number, string][] = [
	// r1: gaps of exactly 1 s: one burst of 3.
	['r1', 0, 100, 100, 'a'],
	['r1', 1000, 100, 100, 'a'],
	['r1', 2000, 100, 100, 'a'],
	// r2: the third click 1001 ms after the second: none.
	['r2', 0, 100, 100, 'a'],
	['r2', 1000, 100, 100, 'a'],
	['r2', 2001, 100, 100, 'a'],
	// r3: exactly 30 px from the first click: one burst.
	['r3', 0, 100, 100, 'a'],
	['r3', 100, 130, 100, 'a'],
	['r3', 200, 100, 130, 'a'],
	// r4: 31 px and 30.4 px away: none.
	['r4', 0, 100, 100, 'a'],
	['r4', 100, 100, 131, 'a'],
	['r4', 200, 121, 122, 'a'],
	// r5: five clicks in one second count once.
	['r5', 0, 500, 40, 'a'],
	['r5', 200, 501, 41, 'a'],
	['r5', 400, 502, 42, 'a'],
	['r5', 600, 503, 43, 'a'],
	['r5', 800, 504, 44, 'a'],
	// r6: a far click in between neither joins nor ends the burst: one burst of 3.
	['r6', 0, 300, 300, 'a'],
	['r6', 200, 900, 900, 'a'],
	['r6', 400, 305, 300, 'a'],
	['r6', 600, 300, 305, 'a'],
	// r7: three clicks on three pages: none.
	['r7', 0, 100, 100, 'a'],
	['r7', 100, 100, 100, 'b'],
	['r7', 200, 100, 100, 'c']
];

function handClicks(): Click[] {
	const rage = HAND.map(([user, ms, x, y, p]) => ({
		user,
		t: T1 + ms,
		url: `https://rage.example/${p}`,
		x,
		y,
		vw: 1280,
		device: ''
	}));
	// The same spot, half way across and a tenth of the width down, on a phone and a wide screen.
	const spot = (user: string, vw: number) => ({
		user,
		t: T1,
		url: 'https://norm.example/p',
		x: vw / 2,
		y: vw / 10,
		vw,
		device: ''
	});
	return [...rage, spot('n1', 390), spot('n2', 1440)];
}

/** The page of a URL by the WHATWG parser: lower-cased host and path, trailing slash dropped but the root's. */
function pageOf(url: string): string {
	const u = new URL(url);
	const p = u.pathname.length > 1 ? u.pathname.replace(/\/+$/, '') : '/';
	return u.host + p;
}

function deviceOf(c: Click): string {
	const d = c.device.toLowerCase();
	if (d === 'mobile' || d === 'tablet' || d === 'desktop') return d;
	return c.vw! < 768 ? 'mobile' : c.vw! < 1024 ? 'tablet' : 'desktop';
}

const usable = (c: Click) => c.x !== null && c.y !== null && c.x >= 0 && c.y >= 0 && !!c.vw;

/** Cells by SEMANTICS §7 in integer arithmetic: gx = ⌊x·n/vw⌋ (last column for x ≥ vw), gy = ⌊y·n/vw⌋. */
function referenceCells(clicks: Click[], n: number, group: (c: Click) => string) {
	const cells = new Map<string, number>();
	for (const c of clicks.filter(usable)) {
		const gx = Math.min(Math.floor((c.x! * n) / c.vw!), n - 1);
		const gy = Math.floor((c.y! * n) / c.vw!);
		const key = `${pageOf(c.url)}|${group(c)}|${gx}|${gy}`;
		cells.set(key, (cells.get(key) ?? 0) + 1);
	}
	return cells;
}

/** Rage bursts straight from the rule, over every click of each user and page (no candidate filter). */
function referenceBursts(clicks: Click[]): number[] {
	const seqs = new Map<string, Click[]>();
	for (const c of clicks.filter(usable)) {
		if (c.user === null) continue;
		const k = `${c.user}|${pageOf(c.url)}`;
		seqs.set(k, [...(seqs.get(k) ?? []), c]);
	}
	const sizes: number[] = [];
	for (const seq of seqs.values()) {
		seq.sort((a, b) => a.t - b.t);
		const taken = seq.map(() => false);
		seq.forEach((first, i) => {
			if (taken[i]) return;
			const burst = [i];
			for (let j = i + 1; j < seq.length; j++) {
				const c = seq[j];
				if (taken[j]) continue;
				if (c.t - seq[burst[burst.length - 1]].t > 1000) break;
				const dx = c.x! - first.x!;
				const dy = c.y! - first.y!;
				if (dx * dx + dy * dy <= 900) burst.push(j);
			}
			if (burst.length >= 3) {
				for (const b of burst) taken[b] = true;
				sizes.push(burst.length);
			}
		});
	}
	return sizes.sort((a, b) => a - b);
}

let duck: Database;
let dir: string;
const random = randomClicks();
const hand = handClicks();

function csv(clicks: Click[]): string {
	const cell = (v: number | null) => (v === null ? '' : String(v));
	const lines = clicks.map(
		(c, i) =>
			`e${i},${c.user ?? ''},${new Date(c.t).toISOString()},$autocapture,${c.url},${cell(c.x)},${cell(c.y)},${cell(c.vw)},${c.device}`
	);
	// A pageview without coordinates is not a click and is neither counted nor skipped.
	lines.push(`pv,u1,${new Date(T0).toISOString()},$pageview,https://shop.example/,,,1280,`);
	const head =
		'uuid,distinct_id,timestamp,event,$current_url,$pointer_x,$pointer_y,$viewport_width,$device_type';
	return [head, ...lines].join('\n') + '\n';
}

beforeAll(async () => {
	duck = await createNodeDuck();
	dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-clicks-'));
	await writeFile(path.join(dir, 'events.csv'), csv([...random, ...hand]));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function load(): Promise<EngineCore> {
	const core = new EngineCore(duck);
	await core.ingest([await nodeSource(path.join(dir, 'events.csv'))], {
		columns: { user: 'distinct_id', time: 'timestamp', event: 'event', id: 'uuid' }
	});
	return core;
}

const asMap = (r: ClickResult) =>
	new Map(r.cells.map((c) => [`${c.page}|${c.group}|${c.gx}|${c.gy}`, c.clicks]));

describe('click heatmap equals an independent computation over the rows', () => {
	it('guesses the PostHog columns, and bins clicks per page and device class at 16 and 64 columns', async () => {
		const core = await load();
		const all = [...random, ...hand];
		for (const columns of [16, 64]) {
			const r = (await core.result({ kind: 'heatmap', type: 'clicks', columns })) as ClickResult;
			expect(r.mapping).toEqual({
				x: '$pointer_x',
				y: '$pointer_y',
				viewport: '$viewport_width',
				page: '$current_url',
				device: '$device_type'
			});
			expect(asMap(r)).toEqual(referenceCells(all, columns, deviceOf));
			expect(r.clicks).toBe(all.filter(usable).length);
			expect(r.skipped).toBe(all.filter((c) => !usable(c)).length);
			expect(r.skipped).toBeGreaterThan(50);
			expect(r.truncated).toBe(false);
		}
	});

	it('groups by viewport width alone, by viewport bucket, or not at all', async () => {
		const core = await load();
		const all = [...random, ...hand];
		const byWidth = (c: Click) => (c.vw! < 768 ? 'mobile' : c.vw! < 1024 ? 'tablet' : 'desktop');
		const bucket = (c: Click) => {
			const breaks = [480, 768, 1024, 1280, 1440, 1920];
			const i = breaks.findIndex((b) => c.vw! < b);
			const lo = i === 0 ? 0 : breaks[(i === -1 ? breaks.length : i) - 1];
			return i === -1 ? `${lo}+` : `${lo}-${breaks[i] - 1}`;
		};
		const noDevice = { kind: 'heatmap' as const, device: '$pointer_x', columns: 32 };
		const v = (await core.result({ ...noDevice, group: 'viewport' })) as ClickResult;
		expect(asMap(v)).toEqual(referenceCells(all, 32, bucket));
		const none = (await core.result({ ...noDevice, group: 'none' })) as ClickResult;
		expect(asMap(none)).toEqual(referenceCells(all, 32, () => 'all'));
		// A device column without device classes in it: every click is classed by its viewport width.
		const w = (await core.result(noDevice)) as ClickResult;
		expect(asMap(w)).toEqual(referenceCells(all, 32, byWidth));
	});

	it('normalises x to the viewport (the same spot on 390 px and 1440 px screens shares a cell) and keeps one page', async () => {
		const core = await load();
		const norm = (await core.result({
			kind: 'heatmap',
			url: 'norm.example/p',
			group: 'none'
		})) as ClickResult;
		// 195 × 64 / 390 = 720 × 64 / 1440 = 32; 39 × 64 / 390 = 144 × 64 / 1440 = 6.4.
		expect(norm.cells).toEqual([{ page: 'norm.example/p', group: 'all', gx: 32, gy: 6, clicks: 2, rage: 0 }]);
		const r = (await core.result({
			kind: 'heatmap',
			url: 'shop.example/cart',
			group: 'none'
		})) as ClickResult;
		const cart = [...random].filter((c) => usable(c) && pageOf(c.url) === 'shop.example/cart');
		expect(r.clicks).toBe(cart.length);
		expect(r.cells.every((c) => c.page === 'shop.example/cart' && c.gx >= 0 && c.gx < 64)).toBe(true);
		expect(r.pages.map((p) => p.page)).toContain('shop.example/Products/42');
		expect(r.pages.map((p) => p.page)).toContain('shop.example/');
		expect(r.pages.map((p) => p.page)).toContain('www.shop.example/help');
	});

	it('finds rage clicks at the 1 s and 30 px edges, one per burst', async () => {
		const core = await load();
		const r = (await core.result({ kind: 'heatmap', url: null })) as ClickResult;
		const rageOnly = r.rage.filter((b) => b.page.startsWith('rage.example'));
		expect(rageOnly.map((b) => [b.user, b.clicks])).toEqual([
			['r1', 3],
			['r3', 3],
			['r5', 5],
			['r6', 3]
		]);
		expect(rageOnly.find((b) => b.user === 'r6')).toMatchObject({ x: 300, y: 300 });
		expect(r.rageBursts).toBe(referenceBursts([...random, ...hand]).length);
		expect(r.rageBursts).toBeGreaterThan(rageOnly.length);
		expect(r.cells.reduce((n, c) => n + c.rage, 0)).toBe(r.rageBursts);
		const one = (await core.result({ kind: 'heatmap', url: 'rage.example/a' })) as ClickResult;
		expect(one.rageBursts).toBe(4);
		expect(one.cells.every((c) => c.page === 'rage.example/a')).toBe(true);
	});

	it('names the field to map when no column holds pointer coordinates', async () => {
		const core = await load();
		await expect(core.result({ kind: 'heatmap', type: 'scroll' })).rejects.toThrow(/analysis\.depth/);
	});
});
