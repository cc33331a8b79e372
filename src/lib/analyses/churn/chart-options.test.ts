import { describe, expect, it } from 'vitest';
import {
	calibrationOption,
	coefficientOption,
	coefficientTable,
	histogramOption,
	rocOption,
	settingsLine,
	usersTable
} from './chart-options.ts';
import type { ChurnResult } from './result.ts';

const result: ChurnResult = {
	params: {
		horizonDays: 30,
		cutoff: '2024-05-31T00:00:00.000Z',
		trainCutoff: '2024-05-01T00:00:00.000Z',
		scoredAt: '2024-06-30T00:00:00.000Z',
		l2: 1,
		threshold: 0.8,
		seed: 0,
		holdout: 0.2,
		weighting: 'balanced',
		solver: 'newton',
		event: null,
		monetary: 'amount'
	},
	features: [],
	intercept: -0.5,
	coefficients: [
		{
			feature: 'recency_days',
			label: 'days since last event',
			beta: 1.2,
			oddsRatio: Math.exp(1.2),
			meaning: 'm1'
		},
		{ feature: 'events', label: 'events', beta: -0.7, oddsRatio: Math.exp(-0.7), meaning: 'm2' }
	],
	platt: { a: 1, b: 0 },
	train: { users: 100, churned: 40, fitted: 80, holdout: 20, iterations: 6 },
	validation: {
		users: 120,
		churned: 50,
		auc: 0.8123,
		brier: 0.15,
		roc: [
			{ fpr: 0, tpr: 0 },
			{ fpr: 0.2, tpr: 0.7 },
			{ fpr: 1, tpr: 1 }
		],
		calibration: [
			{ n: 60, predicted: 0.2, observed: 0.25 },
			{ n: 60, predicted: 0.6, observed: 0.55 }
		]
	},
	scores: {
		users: 3,
		atRisk: 1,
		mean: 0.5,
		histogram: Array.from({ length: 20 }, (_, i) => ({
			from: i / 20,
			to: (i + 1) / 20,
			users: i === 19 ? 1 : i === 2 ? 2 : 0
		}))
	}
};

type Opt = { series: { name?: string; data: unknown[] }[]; yAxis?: { data?: string[] } };

describe('churn charts and tables', () => {
	it('histogram bars at or above the threshold are red', () => {
		const o = histogramOption(result) as Opt;
		const bars = o.series[0].data as { value: number; itemStyle: { color: string } }[];
		expect(bars).toHaveLength(20);
		expect(bars[2].value).toBe(2);
		expect(bars.filter((b) => b.itemStyle.color === '#d62728')).toHaveLength(4);
	});

	it('ROC names the AUC, calibration plots predicted against observed, both with a diagonal', () => {
		const roc = rocOption(result) as Opt;
		expect(roc.series[1].name).toBe('model, AUC 0.812');
		expect(roc.series[1].data).toEqual([
			[0, 0],
			[0.2, 0.7],
			[1, 1]
		]);
		const cal = calibrationOption(result) as Opt;
		expect(cal.series[0].data).toEqual([
			[0, 0],
			[1, 1]
		]);
		expect(cal.series[1].data).toEqual([
			[0.2, 0.25],
			[0.6, 0.55]
		]);
	});

	it('coefficient bars and table carry the sign and the odds ratio', () => {
		const o = coefficientOption(result) as Opt;
		expect(o.yAxis!.data).toEqual(['events', 'days since last event']);
		expect(coefficientTable(result).rows[0]).toEqual([
			'days since last event',
			1.2,
			+Math.exp(1.2).toFixed(4),
			'm1'
		]);
		expect(coefficientTable(result).rows.at(-1)![0]).toBe('intercept');
	});

	it('the users table marks who is above the threshold; the settings line names every parameter', () => {
		const t = usersTable(
			[
				{
					user: 'a',
					risk: 0.9,
					recencyDays: 40,
					tenureDays: 90,
					events: 3,
					activeDays: 2,
					sessions: 2,
					recentEvents: 0,
					monetary: 10
				},
				{
					user: 'b',
					risk: 0.8,
					recencyDays: 1,
					tenureDays: 9,
					events: 9,
					activeDays: 5,
					sessions: 6,
					recentEvents: 4,
					monetary: null
				}
			],
			0.8
		);
		expect(t.rows.map((r) => r[2])).toEqual(['yes', 'no']);
		expect(settingsLine(result)).toBe(
			'horizon 30 days · trained at 2024-05-01 00:00 · validated at 2024-05-31 00:00 · scored at 2024-06-30 00:00 UTC · activity: every event · monetary amount · L2 1 · balanced class weights · Platt on a 20% hold-out (seed 0) · at risk above 80%'
		);
	});
});
