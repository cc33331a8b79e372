/**
 * The KPI anomaly detector (SEMANTICS §8 `anomaly`) on synthetic daily series: planted spikes and dips found
 * with the z-score worked out by hand, no flag on a clean weekly pattern with noise, and the history rule.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../test/unit/support/random.ts';
import { detectAnomalies, type SeriesPoint } from './anomalies.ts';
import { kpiOption } from './chart-options.ts';
import type { KpiResult } from './spec.ts';

const DAY = 86_400_000;
const day = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * DAY).toISOString().slice(0, 10);

/** A weekly pattern (weekends low) growing 0.2 % a day, `growth` set per test: a healthy DAU series. */
function weekly(days: number, growth = 0.002): SeriesPoint[] {
	const level = [1000, 1040, 1060, 1050, 980, 420, 380];
	return Array.from({ length: days }, (_, i) => ({
		period: day(i),
		value: Math.round(level[i % 7] * (1 + growth * i))
	}));
}

/** Standard normal noise from 12 uniforms (Irwin-Hall), seeded. */
function gauss(seed: number): () => number {
	const rand = mulberry32(seed);
	return () => Array.from({ length: 12 }, rand).reduce((a, b) => a + b, 0) - 6;
}

describe('anomalies on a daily KPI series', () => {
	it('flags nothing on a clean weekly pattern, growing, flat or shrinking', () => {
		for (const growth of [0.004, 0.002, 0, -0.001]) expect(detectAnomalies(weekly(200, growth))).toEqual([]);
	});

	it('flags about 5 % of days of pure noise: the rule of SEMANTICS §8 on an 8-value window', () => {
		// With 8 normal values the MAD is itself noisy: a simulation of the same rule in numpy (200,000 draws)
		// flags 4.7 % of normal days. The detector must show that rate, neither far fewer nor far more.
		const noise = gauss(3);
		const s = Array.from({ length: 5000 }, (_, i) => ({ period: day(i), value: 1000 + 30 * noise() }));
		const rate = detectAnomalies(s).length / (5000 - 28);
		expect(rate).toBeGreaterThan(0.03);
		expect(rate).toBeLessThan(0.065);
	});

	it('finds planted spikes and dips, with z from the same weekday of the 8 weeks before', () => {
		const s = weekly(150);
		const planted = [70, 96, 131];
		s[70].value = s[70].value! * 3; // a spike on a Monday-level day
		s[96].value = Math.round(s[96].value! * 0.3); // an outage
		s[131].value = 1000; // a Saturday at weekday level: high only against other Saturdays
		const flags = detectAnomalies(s);
		expect(flags.map((f) => f.index)).toEqual(planted);
		for (const f of flags) {
			// By hand: the 8 values 7, 14, …, 56 days earlier, their median and median absolute deviation.
			const prev = [1, 2, 3, 4, 5, 6, 7, 8].map((k) => s[f.index - 7 * k].value!).sort((a, b) => a - b);
			const med = (prev[3] + prev[4]) / 2;
			const dev = prev.map((v) => Math.abs(v - med)).sort((a, b) => a - b);
			const mad = (dev[3] + dev[4]) / 2;
			expect(f.median).toBe(med);
			expect(f.mad).toBe(mad);
			expect(f.z).toBeCloseTo((s[f.index].value! - med) / (1.4826 * mad), 12);
			expect(Math.abs(f.z)).toBeGreaterThanOrEqual(3.5);
		}
		expect(flags[1].z).toBeLessThan(0);
	});

	it('needs 4 earlier values of the same weekday: the first 4 weeks are never judged', () => {
		const s = weekly(60);
		s[27].value = 100_000;
		s[28].value = 100_000;
		expect(detectAnomalies(s).map((f) => f.index)).toEqual([28]);
		expect(detectAnomalies(s)[0].history).toBe(4);
	});

	it('skips incomplete and empty days, and calls any change on a constant history infinite', () => {
		const s: SeriesPoint[] = Array.from({ length: 43 }, (_, i) => ({ period: day(i), value: 10 }));
		s[35] = { period: day(35), value: 11 };
		s[42] = { period: day(42), value: 0, complete: false };
		s[41] = { period: day(41), value: null };
		const flags = detectAnomalies(s);
		expect(flags.map((f) => [f.index, f.z])).toEqual([[35, Infinity]]);
	});

	it('compares weekly series with the 8 weeks before', () => {
		const s = Array.from({ length: 20 }, (_, i) => ({
			period: new Date(Date.UTC(2024, 0, 1) + i * 7 * DAY).toISOString().slice(0, 10),
			value: 500 + (i % 3)
		}));
		s[15].value = 900;
		expect(detectAnomalies(s, 'week').map((f) => f.index)).toEqual([15]);
	});
});

describe('anomalies on the KPI chart', () => {
	it('draws each flagged period as a red point of its series, on its axis, shares in percent', () => {
		const points = weekly(60).map((p) => ({ ...p, complete: true }));
		points[40].value = 5000;
		const result: KpiResult = {
			period: 'day',
			movingAverage: null,
			series: [
				{ label: 'DAU', metric: 'active_users', unit: 'users', points, headline: null as never },
				{
					label: 'Adoption',
					metric: 'adoption',
					unit: 'share',
					points: points.map((p, i) => ({ ...p, value: i === 50 ? 0.9 : 0.2 })),
					headline: null as never
				}
			]
		};
		const flags = result.series.map((s) => detectAnomalies(s.points));
		expect(flags.map((f) => f.map((x) => x.index))).toEqual([[40], [50]]);
		const option = kpiOption(result, { anomalies: flags }) as { series: Record<string, unknown>[] };
		const marks = option.series.filter((s) => String(s.name).endsWith(' anomalies'));
		expect(marks.map((m) => m.name)).toEqual(['DAU anomalies', 'Adoption anomalies']);
		const dau = marks[0].data as (number | null)[];
		expect(dau.filter((v) => v !== null)).toEqual([5000]);
		expect(dau[40]).toBe(5000);
		expect((marks[1].data as (number | null)[])[50]).toBe(90);
		expect(marks[1].yAxisIndex).toBe(1);
		expect(kpiOption(result).series).toHaveLength(2);
	});
});
