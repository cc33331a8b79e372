import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
	DEMO_COLUMNS,
	DEMO_EVENT_NAMES,
	csvRow,
	generateDemo,
	toCsv,
	type DemoEvent
} from '../../src/lib/demo/generate.ts';
import { Rng } from '../../src/lib/demo/rng.ts';
import { END, START, events, groupBy, resolver, time, unique, useDemoEvents } from './support/demo-events.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

useDemoEvents();

describe('determinism', () => {
	it('gives identical rows for the same seed and different rows for another seed', () => {
		const a = generateDemo({ users: 300 });
		const b = generateDemo({ users: 300 });
		const c = generateDemo({ users: 300, seed: 7 });
		expect(b.length).toBe(a.length);
		expect(b).toEqual(a);
		expect(c.slice(0, 50)).not.toEqual(a.slice(0, 50));
		const ids = new Set(a.map((e) => e.uuid));
		expect(c.filter((e) => ids.has(e.uuid))).toEqual([]);
	});

	it('draws reproducible numbers from the seeded source', () => {
		const a = new Rng(42, 1);
		const b = new Rng(42, 1);
		const xs = Array.from({ length: 1000 }, () => a.next());
		expect(Array.from({ length: 1000 }, () => b.next())).toEqual(xs);
		expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
		expect(Math.max(...xs)).toBeLessThan(1);
		const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
		expect(mean).toBeGreaterThan(0.45);
		expect(mean).toBeLessThan(0.55);
		expect(new Rng(42, 2).next()).not.toBe(new Rng(42, 1).next());
	});

	it('rejects malformed options', () => {
		expect(() => generateDemo({ start: '25-08-2025' })).toThrow(/start/);
		expect(() => generateDemo({ users: 0 })).toThrow(/users/);
		expect(() => generateDemo({ days: 1.5 })).toThrow(/days/);
	});
});

describe('shape', () => {
	it('has a realistic size', () => {
		expect(events.length).toBeGreaterThanOrEqual(150_000);
		expect(events.length).toBeLessThanOrEqual(250_000);
		const people = new Set(unique.map(resolver(unique))).size;
		expect(people).toBeGreaterThan(5_500);
		expect(people).toBeLessThan(6_500);
	});

	it('has well-formed rows', () => {
		const names = new Set<string>(DEMO_EVENT_NAMES);
		const bad: string[] = [];
		const check = (ok: boolean, e: DemoEvent, what: string) => {
			if (!ok && bad.length < 10) bad.push(`${what}: ${csvRow(e)}`);
		};
		for (const e of events) {
			check(UUID.test(e.uuid) && UUID.test(e.device_id) && UUID.test(e.session_id), e, 'ids');
			check(ISO_MS.test(e.timestamp) && new Date(time(e)).toISOString() === e.timestamp, e, 'timestamp');
			check(time(e) >= START && time(e) < END, e, 'range');
			check(names.has(e.event), e, 'event');
			check(e.user_id === '' || /^u_[0-9a-f]{10}$/.test(e.user_id), e, 'user');
			check(e.page_url.startsWith('https://shop.example/'), e, 'url');
			check(
				['mobile', 'tablet', 'desktop'].includes(e.device_type) &&
					!!e.browser &&
					/^[A-Z]{2}$/.test(e.country),
				e,
				'props'
			);
			const product = e.event === 'product_viewed' || e.event === 'added_to_cart';
			check(product === (e.product_id !== '') && product === (e.price !== null), e, 'product columns');
			if (product) check(/^p-\d+$/.test(e.product_id) && !!e.category && e.price! > 0, e, 'product');
			check((e.event === 'order_completed') === (e.revenue !== null), e, 'revenue');
			if (e.revenue !== null) check(e.revenue > 0 && e.quantity! >= 1, e, 'order');
			if (e.event === 'added_to_cart') check(Number.isInteger(e.quantity) && e.quantity! >= 1, e, 'quantity');
			const click = e.event === '$autocapture';
			check(
				click === (e.x !== null) && click === (e.y !== null) && click === (e.viewport_width !== null),
				e,
				'xy'
			);
			if (click)
				check(e.x! >= 0 && e.x! < e.viewport_width! && e.y! >= 0 && Number.isInteger(e.x), e, 'click');
			check((e.event === '$pageleave') === (e.scroll_depth !== null), e, 'scroll');
			if (e.scroll_depth !== null) check(e.scroll_depth >= 0 && e.scroll_depth <= 100, e, 'depth');
			check((e.event === 'search') === (e.search_query !== ''), e, 'search');
		}
		expect(bad).toEqual([]);
	});

	it('contains every event kind and the columns of the contract', () => {
		expect(new Set(events.map((e) => e.event))).toEqual(new Set(DEMO_EVENT_NAMES));
		expect(Object.keys(events[0]).sort()).toEqual([...DEMO_COLUMNS].sort());
		for (const k of ['mobile', 'tablet', 'desktop'])
			expect(unique.some((e) => e.device_type === k)).toBe(true);
		expect(new Set(unique.map((e) => e.utm_source)).size).toBeGreaterThanOrEqual(5);
	});

	it('is sorted by time, and within a session times never go back', () => {
		for (let i = 1; i < events.length; i++) {
			if (events[i].timestamp < events[i - 1].timestamp) throw new Error(`row ${i} out of order`);
		}
		for (const rows of groupBy(events, (e) => e.session_id).values()) {
			const sorted = rows.every((e, i) => i === 0 || time(e) >= time(rows[i - 1]));
			expect(sorted).toBe(true);
			const span = time(rows[rows.length - 1]) - time(rows[0]);
			expect(span).toBeLessThan(3 * 3_600_000);
			expect(new Set(rows.map((e) => e.utm_source)).size).toBe(1);
		}
	});

	it('puts query strings and fragments in some page URLs', () => {
		const views = unique.filter((e) => e.event === '$pageview');
		expect(views.filter((e) => e.page_url.includes('?utm_source=')).length).toBeGreaterThan(1000);
		expect(views.some((e) => e.page_url.includes('#reviews'))).toBe(true);
		expect(views.some((e) => /\/search\?q=.*%2C/.test(e.page_url))).toBe(true);
	});
});

describe('duplicates', () => {
	it('repeats about 0.3 % of rows verbatim, same uuid and every field', () => {
		const groups = [...groupBy(events, (e) => e.uuid).values()].filter((g) => g.length > 1);
		const extra = events.length - unique.length;
		expect(extra / events.length).toBeGreaterThan(0.0015);
		expect(extra / events.length).toBeLessThan(0.005);
		for (const g of groups) {
			for (const e of g.slice(1)) expect(e).toEqual(g[0]);
		}
	});
});

describe('CSV', () => {
	it('round-trips through a CSV parser, quotes and commas included', () => {
		const rows = generateDemo({ users: 400 });
		const csv = toCsv(rows);
		const parsed = Papa.parse<string[]>(csv.trimEnd(), { header: false });
		expect(parsed.errors).toEqual([]);
		expect(parsed.data[0]).toEqual([...DEMO_COLUMNS]);
		expect(parsed.data.length).toBe(rows.length + 1);
		const money = (v: number | null) => (v === null ? '' : v.toFixed(2));
		rows.forEach((e, i) => {
			const cells = parsed.data[i + 1];
			expect(cells[DEMO_COLUMNS.indexOf('search_query')]).toBe(e.search_query);
			expect(cells[DEMO_COLUMNS.indexOf('price')]).toBe(money(e.price));
			expect(cells[DEMO_COLUMNS.indexOf('x')]).toBe(e.x === null ? '' : String(e.x));
			expect(cells[DEMO_COLUMNS.indexOf('uuid')]).toBe(e.uuid);
		});
		expect(rows.some((e) => /[",]/.test(e.search_query))).toBe(true);
	});

	it('is what static/data/demo-shop.csv.gz holds', () => {
		const shipped = readFileSync(new URL('../../static/data/demo-shop.csv.gz', import.meta.url));
		expect(shipped.length).toBeLessThan(6_300_000);
		expect(gunzipSync(shipped).toString('utf8') === toCsv(events)).toBe(true);
	});
});
