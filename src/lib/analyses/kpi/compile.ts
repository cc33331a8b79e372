import { C, EVENTS } from '../../sql/schema.ts';
import { ident, literal } from '../../sql/quote.ts';
import { calendarAddSql, calendarBucketSql } from '../../sql/periods.ts';
import { resolveDateRange, segmentUsers, type ScopeContext } from '../../sql/scope.ts';
import type { WeekStart } from '../../spec/types.ts';
import { emptyValueSql, seriesSql } from './series-sql.ts';
import type { KpiSpec } from './spec.ts';

const STEP = { day: "INTERVAL '1 day'", week: "INTERVAL '7 days'", month: "INTERVAL '1 month'" } as const;

/**
 * SEMANTICS §6 `kpi` as one query over `events`: every series over every calendar period (in the dataset's
 * time zone, weeks from `weekStart`) from the one holding the range's first day to the one holding its last
 * (the data's first and last day without a `dateRange`), a value or NULL for each.
 *
 * - `active_users`: distinct users with a matching event. Window `day` (DAU), `week` (WAU: the 7 days ending
 *   each day) or `month` (MAU: the 30 days ending each day), PostHog's trailing windows. A period's value is
 *   the distinct users of the period when the window fits in it, else the users of the window ending on the
 *   period's last day within the range. Windows look back before the range's first day (PostHog's lookback),
 *   so the range's first days are not undercounted.
 * - `dau_mau`: each day's DAU divided by its MAU (both of the matching event); a week or month shows the mean
 *   of its days' ratios (days without any user in the 30 days have no ratio).
 * - `adoption`: users who did the feature event in the period / users with any event in the period.
 * - `sum`, `avg`: of a value expression over the matching rows of the period (DOUBLE arithmetic, rows whose
 *   value is not a number left out; an average of no value is NULL, a sum of none 0).
 * With a `segment`, only its users' events count, in numerators and denominators alike. Active days come
 * from the activity table when it answers (sql/active-days.ts).
 *
 * Result columns: series INTEGER (index in `spec.series`), period VARCHAR (YYYY-MM-DD), value DOUBLE,
 * complete BOOLEAN (the whole period lies in the range, on or before the last event's day). Ordered by
 * series, then period. Throws `SpecError` for a value expression that does not parse.
 */
export function compileKpi(
	spec: KpiSpec,
	ctx: { weekStart: WeekStart; activity: boolean } & ScopeContext
): string {
	const local = ident(C.local);
	const E = ident(EVENTS);
	const days = resolveDateRange(spec.dateRange, ctx);
	const bucket = (x: string) => calendarBucketSql(x, spec.period, ctx.weekStart);
	const seg = segmentUsers(spec, ctx);
	const lastDay = `(SELECT CAST(max(${local}) AS DATE) FROM ${E})`;
	const bounds = days
		? `SELECT DATE ${literal(days.from)} AS lo, DATE ${literal(days.to)} AS hi, ${lastDay} AS last_day`
		: `SELECT CAST(min(${local}) AS DATE) AS lo, CAST(max(${local}) AS DATE) AS hi, ${lastDay} AS last_day FROM ${E}`;
	const next = calendarAddSql('period', '1', spec.period);
	const series = spec.series.map((s, i) =>
		seriesSql(`s${i}`, s, {
			period: spec.period,
			weekStart: ctx.weekStart,
			days,
			segment: seg ? `${ident(C.ukey)} IN (SELECT ${ident(C.ukey)} FROM seg)` : 'TRUE',
			activity: ctx.activity,
			columns: ctx.columns,
			path: `analysis.series[${i}]`
		})
	);
	const rows = spec.series.map(
		(
			s,
			i
		) => `SELECT ${i} AS series, p.period, coalesce(s${i}.value, ${emptyValueSql(s)}) AS value, p.complete
	FROM pinfo p LEFT JOIN s${i} ON s${i}.period = p.period`
	);
	return `WITH ${seg ? `seg AS MATERIALIZED (${seg}),\n` : ''}bounds AS (${bounds}),
periods AS (
	SELECT CAST(p AS DATE) AS period
	FROM bounds, range(CAST(${bucket('lo')} AS TIMESTAMP), CAST(${bucket('hi')} AS TIMESTAMP) + INTERVAL '1 day', ${STEP[spec.period]}) AS t(p)
),
pinfo AS (
	SELECT period, least(${next} - 1, b.hi) AS end_day,
		period >= b.lo AND ${next} - 1 <= least(b.hi, b.last_day) AS complete
	FROM periods CROSS JOIN bounds b
),
${series.join(',\n')}
SELECT CAST(series AS INTEGER) AS series, strftime(period, '%Y-%m-%d') AS period, CAST(value AS DOUBLE) AS value,
	coalesce(complete, FALSE) AS complete
FROM (${rows.join('\nUNION ALL\n')})
ORDER BY series, period`;
}
