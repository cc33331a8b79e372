import { describe, expect, it } from 'vitest';
import type { DemoEvent } from '../../src/lib/demo/generate.ts';
import {
	DAY,
	groupBy,
	resolver,
	rollingRetention,
	time,
	unique,
	useDemoEvents
} from './support/demo-events.ts';

useDemoEvents();

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
