/**
 * Anomalies on a KPI series (SEMANTICS §8 `anomaly`), pure: each day's value against the same weekday in the
 * trailing 8 weeks, by a robust z-score z = (x − median) / (1.4826 × MAD), flagged when |z| ≥ 3.5 with at
 * least 4 earlier values to compare with. 1.4826 makes the MAD estimate the standard deviation of normal
 * data; 3.5 is Iglewicz and Hoaglin's cut-off for the modified z-score ("How to Detect and Handle
 * Outliers", 1993).
 */
import { addDays, addPeriods } from '../../spec/calendar.ts';
import type { Period } from '../../spec/types.ts';

export const ANOMALY_RULE = { window: 8, minHistory: 4, threshold: 3.5, scale: 1.4826 } as const;

/** A period of a series: its first day `YYYY-MM-DD`, its value, and whether it is complete. */
export interface SeriesPoint {
	period: string;
	value: number | null;
	/** A period cut short by the range or the end of the data is neither judged nor compared with. */
	complete?: boolean;
}

/** One judged point. `z` is ±Infinity when every earlier value is equal (MAD 0) and x differs from them. */
export interface AnomalyPoint {
	period: string;
	/** Index of the point in the series. */
	index: number;
	value: number;
	median: number;
	mad: number;
	z: number;
	/** How many earlier values it was compared with (4 to 8). */
	history: number;
}

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * The flagged points of a series, in series order. Daily series compare each day with the same weekday 1..8
 * weeks earlier (missing or incomplete days are skipped); weekly and monthly series, where weekday
 * seasonality has no meaning, compare with the 8 periods before. Null values are never judged.
 */
export function detectAnomalies(points: readonly SeriesPoint[], period: Period = 'day'): AnomalyPoint[] {
	const byPeriod = new Map<string, number>();
	for (const p of points) if (p.value !== null && p.complete !== false) byPeriod.set(p.period, p.value);
	const out: AnomalyPoint[] = [];
	points.forEach((p, index) => {
		if (p.value === null || p.complete === false) return;
		const earlier: number[] = [];
		for (let k = 1; k <= ANOMALY_RULE.window; k++) {
			const back = period === 'day' ? addDays(p.period, -7 * k) : addPeriods(p.period, -k, period);
			const v = byPeriod.get(back);
			if (v !== undefined) earlier.push(v);
		}
		if (earlier.length < ANOMALY_RULE.minHistory) return;
		const med = median(earlier);
		const mad = median(earlier.map((v) => Math.abs(v - med)));
		const diff = p.value - med;
		const z = mad > 0 ? diff / (ANOMALY_RULE.scale * mad) : diff === 0 ? 0 : Math.sign(diff) * Infinity;
		if (Math.abs(z) >= ANOMALY_RULE.threshold)
			out.push({ period: p.period, index, value: p.value, median: med, mad, z, history: earlier.length });
	});
	return out;
}
