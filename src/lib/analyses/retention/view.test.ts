import { describe, expect, it } from 'vitest';
import { defaultPeriods, incompleteFrom, meanCurve } from './view.ts';
import { curvesOption, heatmapOption, labelInterval, periodTrendOption } from './chart-options.ts';
import type { RetentionCohort } from './spec.ts';

const UTC = { timezone: 'UTC', weekStart: 'monday' as const };
const monthly = { period: 'month' as const, window: 'calendar' as const, cohortBy: 'period' as const };

describe('periods that follow the data', () => {
	it("shows Online Retail's 13 months, and caps what would not be readable", () => {
		const retail = { firstTime: '2010-12-01T08:26:00.000Z', lastTime: '2011-12-09T12:50:00.000Z' };
		expect(defaultPeriods(retail, 'month', UTC)).toBe(13);
		expect(defaultPeriods(retail, 'week', UTC)).toBe(53);
		expect(defaultPeriods(retail, 'day', UTC)).toBe(60);
		expect(
			defaultPeriods({ firstTime: '2025-01-06T00:00:00Z', lastTime: '2025-01-06T01:00:00Z' }, 'week', UTC)
		).toBe(2);
	});
});

describe('periods still running when the data ends', () => {
	// Data ends on Friday 9 December 2011 (Online Retail): December has begun, not ended.
	const end = { lastTime: '2011-12-09T12:50:00.000Z', ...UTC };
	const cohort = (label: string, values: (number | null)[]): RetentionCohort => ({
		cohort: label,
		size: values[0] ?? 0,
		values
	});

	it('is the calendar period holding the last day, unless that day ends it', () => {
		const dec = cohort('2010-12-01', [100, 30, 20, 25, 28, 26, 30, 27, 26, 30, 28, 33, 12]);
		expect(incompleteFrom(dec, monthly, end)).toBe(12);
		const nov = cohort('2011-11-01', [50, 5]);
		expect(incompleteFrom(nov, monthly, end)).toBe(1);
		const lastDec = cohort('2011-12-01', [9]);
		expect(incompleteFrom(lastDec, monthly, end)).toBe(0);
		// Data ending on the last day of November leaves every November period complete.
		const endNov = { ...end, lastTime: '2011-11-30T18:00:00.000Z' };
		expect(incompleteFrom(cohort('2011-10-01', [40, 8]), monthly, endNov)).toBeNull();
	});

	it('reads the last day in the dataset time zone', () => {
		// 23:30 UTC on 30 Nov is already 1 December in Paris: the November cohort's December has begun.
		const paris = {
			lastTime: '2011-11-30T23:30:00.000Z',
			timezone: 'Europe/Paris',
			weekStart: 'monday' as const
		};
		expect(incompleteFrom(cohort('2011-11-01', [40, 3]), monthly, paris)).toBe(1);
	});

	it('rolling: a period is complete once it is for the cohort latest start', () => {
		const rolling = { period: 'day' as const, window: 'rolling' as const, cohortBy: 'period' as const };
		const e = { lastTime: '2025-01-10T12:00:00.000Z', ...UTC };
		// Members started on 6 January (before 7 Jan 00:00); day k ends by 7 Jan + (k+1) days at the latest.
		// 7 Jan + 3 days = 10 Jan 00:00 <= 12:00: k = 0..2 complete, k = 3 may still grow.
		expect(incompleteFrom(cohort('2025-01-06', [10, 4, 3, 2, 1]), rolling, e)).toBe(3);
	});

	it('is left out of the mean curve and hatched on the heatmap', () => {
		const a = cohort('2011-10-01', [10, 5, 1]);
		const b = cohort('2011-11-01', [30, 3, null]);
		const cut = (c: RetentionCohort) => incompleteFrom(c, monthly, end);
		// Without the cut, period 1 would mix b's running December (3 of 30) into the mean: 8/40.
		expect(meanCurve([a, b], 3)).toEqual([1, 8 / 40, 1 / 10]);
		expect(meanCurve([a, b], 3, cut)).toEqual([1, 5 / 10, null]);
		const option = heatmapOption([a, b], ['M0', 'M1', 'M2'], {
			showCounts: false,
			periods: 3,
			incomplete: cut
		});
		const cells = (option.series as { data: { value: number[]; itemStyle?: { decal?: unknown } }[] }[])[0]
			.data;
		const hatched = cells.filter((d) => d.itemStyle?.decal).map((d) => d.value.slice(0, 2));
		expect(hatched).toEqual([
			[2, 0],
			[1, 1]
		]);
	});
});

describe('row labels', () => {
	it('name every row when they fit, every n-th when they would overlap', () => {
		expect(labelInterval(13, 13 * 20 + 90)).toBe(0);
		// 305 daily cohorts in 1,400 px: about 4.3 px a row, so one label every 4 rows.
		expect(labelInterval(305, 1400)).toBe(3);
	});
});

describe('a segment beside all users (compare)', () => {
	const segment: RetentionCohort[] = [
		{ cohort: '2025-01-06', size: 4, values: [4, 1, 0] },
		{ cohort: '2025-01-13', size: 2, values: [2, 1, null] }
	];
	const all: RetentionCohort[] = [
		{ cohort: '2025-01-06', size: 10, values: [10, 5, 2] },
		{ cohort: '2025-01-13', size: 30, values: [30, 6, null] }
	];
	const compare = { cohorts: all, segment: 'Mobile', all: 'All users' };
	type Line = { name: string; data: (number | null)[]; lineStyle?: { type?: string } };

	it('draws both weighted means, by hand: all users (5 + 6) / 40 and 2 / 10', () => {
		const option = curvesOption([], segment, ['W0', 'W1', 'W2'], 3, () => null, compare);
		const series = option.series as Line[];
		const mine = series.find((s) => s.name === 'Mobile (weighted mean)')!;
		const theirs = series.find((s) => s.name === 'All users (weighted mean)')!;
		expect(mine.data).toEqual([100, 33.33, 0]);
		expect(theirs.data).toEqual([100, 27.5, 20]);
		expect(theirs.lineStyle?.type).toBe('dashed');
	});

	it('puts all users’ period-1 retention under the same cohorts', () => {
		const option = periodTrendOption(segment, 1, 'week', () => null, compare);
		const [mine, theirs] = option.series as Line[];
		expect(mine).toMatchObject({ name: 'Mobile', data: [25, 50] });
		expect(theirs).toMatchObject({ name: 'All users', data: [50, 20] });
	});

	it('draws one curve set as before without compare', () => {
		const series = curvesOption([], segment, ['W0', 'W1', 'W2'], 3).series as Line[];
		expect(series.map((s) => s.name)).toEqual(['2025-01-06', '2025-01-13', 'All cohorts (weighted mean)']);
	});
});
