import type { Table } from 'apache-arrow';
import type { TrendResult, TrendSeries, TrendSpec } from './spec.ts';

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));

/** The long table of `compileTrend` as SEMANTICS §10's result: one series per key, in rank order. */
export function shapeTrend(
	table: Table,
	spec: Pick<TrendSpec, 'period' | 'measure' | 'breakdown'>
): TrendResult {
	const col = (name: string) => {
		const c = table.getChild(name);
		if (!c) throw new Error(`Trend result has no column ${name}`);
		return c;
	};
	const [key, isOther, rank, period, value] = ['key', 'is_other', 'rank', 'period', 'value'].map(col);
	const series = new Map<number, TrendSeries>();
	for (let i = 0; i < table.numRows; i++) {
		const r = num(rank.get(i));
		let s = series.get(r);
		if (!s) {
			s = { key: spec.breakdown ? ((key.get(i) as string | null) ?? null) : null, points: [] };
			if (isOther.get(i)) s.other = true;
			series.set(r, s);
		}
		s.points.push({ period: period.get(i) as string, value: num(value.get(i)) });
	}
	return { period: spec.period, measure: spec.measure, series: [...series.values()] };
}
