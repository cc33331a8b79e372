import type { Table } from 'apache-arrow';
import {
	seriesLabel,
	unitOf,
	type KpiHeadline,
	type KpiPoint,
	type KpiResult,
	type KpiSpec
} from './spec.ts';

/**
 * The trailing mean of the last `n` values at each index, the current one included (PostHog's smoothing:
 * `avg() OVER (ROWS n − 1 PRECEDING)`), so the first n − 1 points average the values there are. Nulls are
 * left out of a mean; a window of nulls only is null. Unlike PostHog, the mean is not floored: a KPI may be
 * a share or an amount.
 */
export function movingAverage(values: readonly (number | null)[], n: number): (number | null)[] {
	return values.map((_, i) => {
		let sum = 0;
		let count = 0;
		for (let j = Math.max(0, i - n + 1); j <= i; j++) {
			const v = values[j];
			if (v !== null) {
				sum += v;
				count++;
			}
		}
		return count === 0 ? null : sum / count;
	});
}

/**
 * This period against the previous one: the last complete period (its whole span inside the range and the
 * data) and the one before it, with the relative change (null when either value is null or the earlier is 0).
 */
export function headlineOf(points: readonly KpiPoint[]): KpiHeadline {
	let i = points.length - 1;
	while (i >= 0 && !points[i].complete) i--;
	const cur = i >= 0 ? points[i] : null;
	const prev = i >= 1 ? points[i - 1] : null;
	const value = cur?.value ?? null;
	const previous = prev?.value ?? null;
	return {
		period: cur?.period ?? null,
		value,
		previousPeriod: prev?.period ?? null,
		previous,
		change:
			value === null || previous === null || previous === 0 ? null : (value - previous) / Math.abs(previous)
	};
}

/** The long table of `compileKpi` as the KPI result: one series per spec series, in order. */
export function shapeKpi(
	table: Table,
	spec: Pick<KpiSpec, 'series' | 'period' | 'movingAverage'>
): KpiResult {
	const points: KpiPoint[][] = spec.series.map(() => []);
	const [series, period, value, complete] = ['series', 'period', 'value', 'complete'].map((name) => {
		const c = table.getChild(name);
		if (!c) throw new Error(`KPI result has no column ${name}`);
		return c;
	});
	for (let i = 0; i < table.numRows; i++) {
		const v = value.get(i) as number | null;
		points[series.get(i) as number].push({
			period: period.get(i) as string,
			value: v === null || Number.isNaN(v) ? null : v,
			complete: Boolean(complete.get(i))
		});
	}
	return {
		period: spec.period,
		movingAverage: spec.movingAverage,
		series: spec.series.map((s, i) => {
			const ps = points[i];
			if (spec.movingAverage) {
				const avg = movingAverage(
					ps.map((p) => p.value),
					spec.movingAverage
				);
				ps.forEach((p, j) => (p.average = avg[j]));
			}
			return {
				label: seriesLabel(s),
				metric: s.metric,
				unit: unitOf(s.metric),
				points: ps,
				headline: headlineOf(ps)
			};
		})
	};
}
