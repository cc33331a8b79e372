/** The specs of stickiness, KPIs and engagement: defaults, idempotent parsing, equal hashes, named errors. */
import { describe, expect, it } from 'vitest';
import { analysisKey, parseAnalysis } from '../spec.ts';

describe('stickiness, KPI and engagement specs', () => {
	it('fill defaults, parse to themselves again, and hash spelled-out defaults equally', async () => {
		const cases = [
			{ kind: 'stickiness' },
			{ kind: 'kpi', series: [{ metric: 'sum', value: ' Quantity * UnitPrice ' }], movingAverage: 7 },
			{
				kind: 'engagement',
				weights: [
					{ event: 'b', weight: 2 },
					{ event: 'a', weight: -0.5 }
				]
			}
		];
		for (const c of cases) {
			const once = parseAnalysis(c);
			expect(parseAnalysis(once)).toEqual(once);
			expect(await analysisKey('fp', once)).toBe(await analysisKey('fp', c as never));
		}
		expect(parseAnalysis({ kind: 'stickiness' })).toEqual({
			kind: 'stickiness',
			event: null,
			where: [],
			interval: 'week',
			dateRange: null,
			segment: null
		});
		expect(parseAnalysis({ kind: 'kpi', series: [{ metric: 'active_users' }] })).toMatchObject({
			period: 'day',
			movingAverage: null,
			series: [{ metric: 'active_users', window: 'day', event: null, where: [], label: null }]
		});
		// Weights are sorted by event, so their order in a file does not change the hash.
		expect(
			await analysisKey('fp', {
				kind: 'engagement',
				weights: [
					{ event: 'b', weight: 2 },
					{ event: 'a', weight: 1 }
				]
			})
		).toBe(
			await analysisKey('fp', {
				kind: 'engagement',
				weights: [
					{ event: 'a', weight: 1 },
					{ event: 'b', weight: 2 }
				]
			})
		);
	});

	it('name the field in error', () => {
		expect(() => parseAnalysis({ kind: 'stickiness', interval: 'day' })).toThrow(
			/analysis\.interval must be one of "week", "month"/
		);
		expect(() => parseAnalysis({ kind: 'kpi', series: [] })).toThrow(
			/analysis\.series must be a list of 1 to 8/
		);
		expect(() => parseAnalysis({ kind: 'kpi', series: [{ metric: 'sum' }] })).toThrow(
			/analysis\.series\[0\]\.value is required/
		);
		expect(() => parseAnalysis({ kind: 'kpi', series: [{ metric: 'adoption' }] })).toThrow(
			/analysis\.series\[0\]\.event is required for "adoption"/
		);
		expect(() => parseAnalysis({ kind: 'kpi', series: [{ metric: 'dau_mau', window: 'week' }] })).toThrow(
			/analysis\.series\[0\]\.window belongs to "active_users" only/
		);
		expect(() =>
			parseAnalysis({ kind: 'kpi', series: [{ metric: 'active_users' }], movingAverage: 1 })
		).toThrow(/analysis\.movingAverage must be a whole number from 2/);
		expect(() => parseAnalysis({ kind: 'engagement', weights: [{ event: 'a', weight: 1 }], top: 0 })).toThrow(
			/analysis\.top must be a whole number from 1/
		);
		expect(() => parseAnalysis({ kind: 'engagement', weights: [{ event: 'a', wieght: 1 }] })).toThrow(
			/did you mean "weight"/
		);
	});
});
