import type { AnalysisSpecInput } from '../analyses/registry.ts';
import type { IngestReport } from '../engine/ingest/report.ts';
import { datasetCalendar } from '../spec/defaults.ts';
import { RETENTION_DEFAULTS } from '../analyses/retention/spec.ts';
import { defaultPeriods } from '../analyses/retention/view.ts';
import { presetFunnel } from '../analyses/funnel/preset.ts';

/**
 * The specs the analysis screens run when a person opens them with their default settings on a dataset
 * whose ingest report is `report` (no date range, no segment): Trends, Retention (its number of periods
 * follows the data's span, retention/view.ts `defaultPeriods`), KPIs (daily active users), Stickiness,
 * Lifecycle, Paths (from `$pageview`, else the most frequent event, as paths/View.svelte picks it) and
 * Funnels when their preset steps are all named (funnel/preset.ts: the demo's purchase funnel). The
 * dashboard opens with no tiles: nothing runs there until the person picks.
 *
 * The demo's results for these are computed when it is prepared (demo/prepare.ts) and shown before its data
 * is in the engine. A screen whose defaults change and no longer match one of these only misses the
 * prepared result (the cache key is the parsed spec) and waits for the data as any other setting does;
 * test/e2e/first-open.spec.ts checks that each screen's spec is one of these.
 */
export function defaultSpecs(report: IngestReport): AnalysisSpecInput[] {
	const calendar = datasetCalendar(report.dataset);
	const names = report.eventNames;
	const pathsStart = names.includes('$pageview') ? '$pageview' : (names[0] ?? null);
	const funnel = presetFunnel(names);
	return [
		{ kind: 'trend' },
		{
			kind: 'retention',
			periods: defaultPeriods(report, RETENTION_DEFAULTS.period, calendar)
		},
		{ kind: 'kpi', series: [{ metric: 'active_users', window: 'day' }] },
		{ kind: 'stickiness' },
		{ kind: 'lifecycle' },
		...(pathsStart ? [{ kind: 'paths' as const, startEvent: pathsStart }] : []),
		...(funnel ? [funnel] : [])
	];
}
