/** ECharts options, tables and the settings line of the churn screen, pure (no DOM). */
import type { ChartOption } from '../../components/charts/echarts.ts';
import type { ChurnResult, ChurnUserRow } from './result.ts';

const pct = (v: number) => `${(v * 100).toFixed(0)}%`;
const RED = '#d62728';
const BLUE = '#1f77b4';

/** Users per 5 % of calibrated risk; bars at or above the threshold in red. */
export function histogramOption(r: ChurnResult): ChartOption {
	const bins = r.scores.histogram;
	return {
		grid: { left: 56, right: 16, top: 16, bottom: 40 },
		tooltip: { trigger: 'axis' },
		xAxis: {
			type: 'category',
			name: 'risk',
			nameLocation: 'middle',
			nameGap: 26,
			data: bins.map((b) => `${pct(b.from)}–${pct(b.to)}`)
		},
		yAxis: { type: 'value', name: 'users' },
		series: [
			{
				type: 'bar',
				name: 'users',
				data: bins.map((b) => ({
					value: b.users,
					itemStyle: { color: b.from >= r.params.threshold ? RED : BLUE }
				}))
			}
		]
	};
}

/** Mean predicted risk against the observed churn rate per calibration bin, with the diagonal. */
export function calibrationOption(r: ChurnResult): ChartOption {
	const axis = (name: string) => ({
		type: 'value',
		min: 0,
		max: 1,
		name,
		nameLocation: 'middle',
		nameGap: 28,
		axisLabel: { formatter: (v: number) => pct(v) }
	});
	return {
		grid: { left: 56, right: 16, top: 16, bottom: 44 },
		tooltip: { trigger: 'item' },
		xAxis: axis('predicted risk'),
		yAxis: axis('observed churn'),
		series: [
			{
				type: 'line',
				name: 'perfect calibration',
				data: [
					[0, 0],
					[1, 1]
				],
				showSymbol: false,
				lineStyle: { type: 'dashed', color: '#999' }
			},
			{
				type: 'line',
				name: 'model (validation users)',
				data: r.validation.calibration.map((b) => [b.predicted, b.observed]),
				color: RED
			}
		]
	};
}

/** The out-of-time ROC curve, its AUC in the legend, with the chance diagonal. */
export function rocOption(r: ChurnResult): ChartOption {
	const auc = r.validation.auc;
	const axis = (name: string) => ({
		type: 'value',
		min: 0,
		max: 1,
		name,
		nameLocation: 'middle',
		nameGap: 28
	});
	return {
		grid: { left: 56, right: 16, top: 28, bottom: 44 },
		legend: { top: 0 },
		tooltip: { trigger: 'item' },
		xAxis: axis('false positive rate'),
		yAxis: axis('true positive rate'),
		series: [
			{
				type: 'line',
				name: 'chance',
				data: [
					[0, 0],
					[1, 1]
				],
				showSymbol: false,
				lineStyle: { type: 'dashed', color: '#999' }
			},
			{
				type: 'line',
				name: `model, AUC ${auc === null ? '–' : auc.toFixed(3)}`,
				data: r.validation.roc.map((p) => [p.fpr, p.tpr]),
				showSymbol: false,
				color: RED
			}
		]
	};
}

/** Coefficients per standard deviation: red raises the risk, blue lowers it. */
export function coefficientOption(r: ChurnResult): ChartOption {
	const cs = [...r.coefficients].reverse();
	return {
		grid: { left: 170, right: 24, top: 16, bottom: 32 },
		tooltip: { trigger: 'axis' },
		xAxis: { type: 'value', name: 'log-odds per SD', nameLocation: 'middle', nameGap: 24 },
		yAxis: { type: 'category', data: cs.map((c) => c.label) },
		series: [
			{
				type: 'bar',
				name: 'coefficient',
				data: cs.map((c) => ({ value: +c.beta.toFixed(4), itemStyle: { color: c.beta > 0 ? RED : BLUE } }))
			}
		]
	};
}

type Table = { header: string[]; rows: (string | number | null)[][] };

/** The coefficients as a table: feature, β, odds ratio, meaning. */
export function coefficientTable(r: ChurnResult): Table {
	return {
		header: ['feature', 'coefficient (per SD)', 'odds ratio', 'meaning'],
		rows: [
			...r.coefficients.map((c) => [c.label, +c.beta.toFixed(4), +c.oddsRatio.toFixed(4), c.meaning]),
			['intercept', +r.intercept.toFixed(4), null, 'log-odds at average features (balanced weights)']
		]
	};
}

/** Scores per user (what the CSV writes): user, risk 0..1, at risk, and the features it was scored from. */
export function usersTable(rows: readonly ChurnUserRow[], threshold: number): Table {
	return {
		header: [
			'user',
			'risk',
			'at_risk',
			'days_since_last_event',
			'days_since_first_event',
			'events',
			'active_days',
			'sessions',
			'recent_events',
			'monetary'
		],
		rows: rows.map((u) => [
			u.user,
			+u.risk.toFixed(6),
			u.risk > threshold ? 'yes' : 'no',
			+u.recencyDays.toFixed(3),
			+u.tenureDays.toFixed(3),
			u.events,
			u.activeDays,
			u.sessions,
			u.recentEvents,
			u.monetary
		])
	};
}

/** The parameters that produced a result, in one line (shown with every chart and in the PNG export). */
export function settingsLine(r: ChurnResult): string {
	const p = r.params;
	const d = (s: string) => s.slice(0, 16).replace('T', ' ');
	return [
		`horizon ${p.horizonDays} days`,
		`trained at ${d(p.trainCutoff)}`,
		`validated at ${d(p.cutoff)}`,
		`scored at ${d(p.scoredAt)} UTC`,
		p.event ? `activity: ${p.event}` : 'activity: every event',
		p.monetary ? `monetary ${p.monetary}` : null,
		`L2 ${p.l2}`,
		'balanced class weights',
		`Platt on a ${pct(p.holdout)} hold-out (seed ${p.seed})`,
		`at risk above ${pct(p.threshold)}`
	]
		.filter(Boolean)
		.join(' · ');
}
