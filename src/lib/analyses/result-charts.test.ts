/**
 * The chart of a carried result alone (issue 13, fault 2): an imported workspace without its data showed
 * tables only; it draws each analysis's own chart from the numbers the file carries, after k-suppression.
 */
import { describe, expect, test } from 'vitest';
import { resultChart } from './result-charts.ts';

type Series = { type: string; data: unknown[] }[];

describe('charts of results carried in a workspace file', () => {
	test('an imported workspace without data drew no chart: a trend draws its line, blanked points as gaps', async () => {
		const result = {
			period: 'day',
			measure: 'users',
			series: [
				{
					key: null,
					points: [
						{ period: '2026-03-01', value: 9 },
						{ period: '2026-03-02', value: null },
						{ period: '2026-03-03', value: 7 }
					]
				}
			]
		};
		const option = await resultChart('trend', { kind: 'trend', breakdown: null }, result);
		expect((option?.xAxis as { data: string[] }).data).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
		const series = option?.series as Series;
		expect(series.map((s) => [s.type, s.data])).toEqual([['line', [9, null, 7]]]);
	});

	test('retention draws its heatmap; a cohort blanked whole under k has no row', async () => {
		const result = {
			period: 'week',
			cohorts: [
				{ cohort: '2026-03-02', size: 10, values: [10, 4, null] },
				{ cohort: '2026-03-09', size: null, values: [null, null] },
				{ cohort: '2026-03-16', size: 8, values: [8, 6] }
			]
		};
		const option = await resultChart('retention', { kind: 'retention', period: 'week' }, result);
		expect((option?.xAxis as { data: string[] }).data).toEqual(['Week 0', 'Week 1', 'Week 2']);
		expect((option?.yAxis as { data: string[] }).data).toEqual(['2026-03-02  (10)', '2026-03-16  (8)']);
		// [period, row, share %, users] per cell drawn: 4 of 10 is 40 %, 6 of 8 is 75 %.
		const cells = (option?.series as { data: { value: unknown[] }[] }[])[0].data.map((d) => d.value);
		expect(cells).toEqual([
			[0, 0, 100, 10],
			[1, 0, 40, 4],
			[0, 1, 100, 8],
			[1, 1, 75, 6]
		]);
	});

	test('a kind without a chart of its own result, or a result of the wrong shape, draws nothing', async () => {
		expect(await resultChart('segment', { kind: 'segment' }, { users: 4, share: 0.5 })).toBeNull();
		expect(await resultChart('no-such-kind', {}, {})).toBeNull();
		expect(await resultChart('trend', { kind: 'trend' }, { series: 'x' })).toBeNull();
		expect(await resultChart('trend', { kind: 'trend' }, null)).toBeNull();
	});
});
