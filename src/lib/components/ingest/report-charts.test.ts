/**
 * The Data page's per-day chart on a real export: UCI Online Retail (test/fixtures/data), counted per day
 * here with papaparse (support/real-data.ts), not by the ingest. Its users per day are a few percent of its
 * lines per day, so on the events' axis their line lay flat along zero (walk-through, Online Retail).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { onlineRetail } from '../../../../test/unit/support/real-data.ts';
import { perDayOption, PER_DAY_ZOOM_DAYS, topEventsOption } from './report-charts.ts';

type Axis = {
	name: string;
	position: string;
	axisLabel: { formatter: (v: number) => string; color: string };
};
type Series = { name: string; type: string; yAxisIndex: number; data: number[] };

let perDay: { day: string; events: number; users: number }[];

beforeAll(() => {
	const days = new Map<string, { events: number; users: Set<string> }>();
	for (const r of onlineRetail()) {
		const d = days.get(r.day) ?? { events: 0, users: new Set<string>() };
		d.events++;
		d.users.add(r.user);
		days.set(r.day, d);
	}
	perDay = [...days]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([day, d]) => ({ day, events: d.events, users: d.users.size }));
});

describe('events and users per day', () => {
	test('Online Retail: users are a few percent of events, so they get an axis of their own', () => {
		const maxEvents = Math.max(...perDay.map((d) => d.events));
		const maxUsers = Math.max(...perDay.map((d) => d.users));
		// The premise: drawn against the events' scale the users' line would use under a tenth of the height.
		expect(maxUsers / maxEvents).toBeLessThan(0.1);

		const option = perDayOption(perDay, ['#111111', '#222222']) as {
			yAxis: Axis[];
			series: Series[];
			xAxis: { data: string[] };
			color: string[];
		};
		expect(option.yAxis.map((a) => [a.name, a.position])).toEqual([
			['events', 'left'],
			['users', 'right']
		]);
		const [events, users] = option.series;
		expect([events.name, events.type, events.yAxisIndex]).toEqual(['Events', 'bar', 0]);
		expect([users.name, users.type, users.yAxisIndex]).toEqual(['Users', 'line', 1]);
		expect(events.data).toEqual(perDay.map((d) => d.events));
		expect(users.data).toEqual(perDay.map((d) => d.users));
		expect(option.xAxis.data).toEqual(perDay.map((d) => d.day));
		// Each axis is drawn in its series' colour, so which scale a line reads on needs no guessing.
		expect(option.color).toEqual(['#111111', '#222222']);
		expect(option.yAxis.map((a) => a.axisLabel.color)).toEqual(['#111111', '#222222']);
	});

	test('ticks are compact, and a year of days gets a zoom slider while a month does not', () => {
		const option = perDayOption(perDay, ['#1', '#2']) as { yAxis: Axis[]; dataZoom: unknown[] };
		expect(option.yAxis[0].axisLabel.formatter(2_500_000)).toBe('2.5M');
		expect(option.yAxis[1].axisLabel.formatter(1_500)).toBe('1.5K');
		expect(perDay.length).toBeGreaterThan(PER_DAY_ZOOM_DAYS);
		expect(option.dataZoom).toHaveLength(1);
		const month = perDayOption(perDay.slice(0, 30), ['#1', '#2']) as { dataZoom: unknown[] };
		expect(month.dataZoom).toEqual([]);
	});

	test('top events: the counts in order, labelled in full', () => {
		const option = topEventsOption([
			{ event: 'purchase', count: 12_345, users: 40 },
			{ event: 'refund', count: 7, users: 7 }
		]) as {
			yAxis: { data: string[] };
			series: { data: number[]; label: { formatter: (p: { value: unknown }) => string } }[];
		};
		expect(option.yAxis.data).toEqual(['purchase', 'refund']);
		expect(option.series[0].data).toEqual([12_345, 7]);
		expect(option.series[0].label.formatter({ value: 12_345 })).toBe('12,345');
	});
});
