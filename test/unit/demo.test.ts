import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	DEMO_COLUMNS,
	DEMO_EVENT_NAMES,
	csvRow,
	generateDemo,
	toCsv,
	type DemoEvent
} from '../../src/lib/demo/generate.ts';
import { Rng } from '../../src/lib/demo/rng.ts';

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const START = Date.parse('2025-08-25T00:00:00Z');
const END = Date.parse('2025-11-17T00:00:00Z');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let events: DemoEvent[];
/** The rows with repeats removed (first of each uuid kept). */
let unique: DemoEvent[];

function groupBy<K>(rows: DemoEvent[], key: (e: DemoEvent) => K): Map<K, DemoEvent[]> {
	const out = new Map<K, DemoEvent[]>();
	for (const e of rows) {
		const k = key(e);
		const list = out.get(k);
		if (list) list.push(e);
		else out.set(k, [e]);
	}
	return out;
}

const time = (e: DemoEvent) => Date.parse(e.timestamp);

/** SEMANTICS §9: a device id maps to the first user id it was seen with; unlinked devices stay themselves. */
function resolver(rows: DemoEvent[]): (e: DemoEvent) => string {
	const link = new Map<string, string>();
	for (const e of rows) if (e.user_id && !link.has(e.device_id)) link.set(e.device_id, e.user_id);
	return (e) => e.user_id || link.get(e.device_id) || e.device_id;
}

/** Rolling retention: of people first seen at least k+1 weeks before the end, the share active in [k, k+1) weeks. */
function rollingRetention(rows: DemoEvent[], k: number, filter?: (first: DemoEvent) => boolean): number {
	const who = resolver(rows);
	let cohort = 0;
	let returned = 0;
	for (const list of groupBy(rows, who).values()) {
		const t0 = time(list[0]);
		if (t0 + (k + 1) * WEEK > END || (filter && !filter(list[0]))) continue;
		cohort++;
		if (list.some((e) => time(e) >= t0 + k * WEEK && time(e) < t0 + (k + 1) * WEEK)) returned++;
	}
	return returned / cohort;
}

beforeAll(() => {
	events = generateDemo();
	const seen = new Set<string>();
	unique = events.filter((e) => !seen.has(e.uuid) && !!seen.add(e.uuid));
});

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

describe('funnel and identity', () => {
	it('never completes an order in a session without checkout started before it, nor adds an unseen product', () => {
		for (const rows of groupBy(unique, (e) => e.session_id).values()) {
			let checkout = false;
			const viewed = new Set<string>();
			for (const e of rows) {
				if (e.event === 'checkout_started') checkout = true;
				if (e.event === 'product_viewed') viewed.add(e.product_id);
				if (e.event === 'order_completed') expect(checkout).toBe(true);
				if (e.event === 'added_to_cart') expect(viewed.has(e.product_id)).toBe(true);
			}
		}
	});

	it('converts view → cart → checkout → order at believable rates (per person, 14-day window)', () => {
		const who = resolver(unique);
		const steps = ['product_viewed', 'added_to_cart', 'checkout_started', 'order_completed'];
		const reached = [0, 0, 0, 0];
		for (const rows of groupBy(unique, who).values()) {
			let step = 0;
			let t0 = 0;
			for (const e of rows) {
				if (step < 4 && e.event === steps[step] && (step === 0 || time(e) - t0 <= 14 * DAY)) {
					if (step === 0) t0 = time(e);
					step++;
				}
			}
			for (let i = 0; i < step; i++) reached[i]++;
		}
		const rate = (i: number) => reached[i] / reached[i - 1];
		expect(rate(1)).toBeGreaterThan(0.2);
		expect(rate(1)).toBeLessThan(0.4);
		expect(rate(2)).toBeGreaterThan(0.45);
		expect(rate(2)).toBeLessThan(0.75);
		expect(rate(3)).toBeGreaterThan(0.55);
		expect(rate(3)).toBeLessThan(0.85);
	});

	it('has people who browse anonymously and log in later on the same device', () => {
		let anonymousThenKnown = 0;
		for (const rows of groupBy(unique, (e) => e.device_id).values()) {
			const firstKnown = rows.findIndex((e) => e.user_id !== '');
			if (firstKnown > 0 && rows[0].user_id === '') anonymousThenKnown++;
		}
		expect(anonymousThenKnown).toBeGreaterThan(1000);
		const neverKnown = [...groupBy(unique, (e) => e.device_id).values()].filter((r) =>
			r.every((e) => !e.user_id)
		);
		expect(neverKnown.length).toBeGreaterThan(2000);
	});

	it('changes the user id on a device only at a sign-up or login, never back to anonymous', () => {
		for (const rows of groupBy(unique, (e) => e.device_id).values()) {
			let current = '';
			for (const e of rows) {
				if (e.user_id === current) continue;
				expect(e.user_id).not.toBe('');
				expect(['signed_up', 'logged_in']).toContain(e.event);
				current = e.user_id;
			}
		}
	});

	it('has a few people on two devices and a few shared devices linked to two users', () => {
		const devicesPerUser = groupBy(
			unique.filter((e) => e.user_id),
			(e) => e.user_id
		);
		const multi = [...devicesPerUser.values()].filter((r) => new Set(r.map((e) => e.device_id)).size > 1);
		expect(multi.length).toBeGreaterThan(20);
		const usersPerDevice = groupBy(
			unique.filter((e) => e.user_id),
			(e) => e.device_id
		);
		const conflicts = [...usersPerDevice.values()].filter((r) => new Set(r.map((e) => e.user_id)).size > 1);
		expect(conflicts.length).toBeGreaterThanOrEqual(5);
		expect(conflicts.length).toBeLessThanOrEqual(30);
	});
});

describe('behaviour over time', () => {
	it('retains about 40 % in week 1 and about 10-15 % by week 8', () => {
		const w1 = rollingRetention(unique, 1);
		const w8 = rollingRetention(unique, 8);
		expect(w1).toBeGreaterThan(0.35);
		expect(w1).toBeLessThan(0.45);
		expect(w8).toBeGreaterThan(0.08);
		expect(w8).toBeLessThan(0.18);
		expect(w8).toBeLessThan(w1 / 2);
	});

	it('retains newsletter visitors far better than tiktok visitors', () => {
		const newsletter = rollingRetention(unique, 1, (e) => e.utm_source === 'newsletter');
		const tiktok = rollingRetention(unique, 1, (e) => e.utm_source === 'tiktok');
		expect(newsletter).toBeGreaterThan(2 * tiktok);
	});

	it('keeps British evenings at the same local hour across the October clock change', () => {
		const london = new Intl.DateTimeFormat('en-GB', {
			timeZone: 'Europe/London',
			hour: '2-digit',
			hourCycle: 'h23'
		});
		const histogram = (rows: DemoEvent[], hour: (e: DemoEvent) => number) => {
			const h = new Array<number>(24).fill(0);
			for (const e of rows) h[hour(e)] += 1 / rows.length;
			return h;
		};
		/** The s for which a[h] best matches b[h + s]. */
		const bestShift = (a: number[], b: number[]) => {
			const shifts = [-2, -1, 0, 1, 2];
			const cost = shifts.map((s) => a.reduce((sum, v, h) => sum + Math.abs(v - b[(h + s + 24) % 24]), 0));
			return shifts[cost.indexOf(Math.min(...cost))];
		};
		const gb = unique.filter((e) => e.country === 'GB');
		const changeover = Date.parse('2025-10-26T01:00:00Z');
		const summer = gb.filter((e) => time(e) < changeover);
		const winter = gb.filter((e) => time(e) >= changeover);
		const utcHour = (e: DemoEvent) => new Date(time(e)).getUTCHours();
		const localHour = (e: DemoEvent) => Number(london.format(new Date(time(e))));
		// 20:00 in London is 19:00 UTC in summer time and 20:00 UTC after the change.
		expect(bestShift(histogram(winter, utcHour), histogram(summer, utcHour))).toBe(-1);
		expect(bestShift(histogram(winter, localHour), histogram(summer, localHour))).toBe(0);
		const local = histogram(gb, localHour);
		const evening = local[19] + local[20] + local[21];
		const night = local[3] + local[4] + local[5];
		expect(evening).toBeGreaterThan(5 * night);
	});

	it('is busier at weekends', () => {
		const byDay = new Array<number>(7).fill(0);
		for (const e of unique) byDay[new Date(time(e)).getUTCDay()]++;
		const weekend = (byDay[0] + byDay[6]) / 2;
		const weekday = (byDay[1] + byDay[2] + byDay[3] + byDay[4] + byDay[5]) / 5;
		expect(weekend).toBeGreaterThan(1.1 * weekday);
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
