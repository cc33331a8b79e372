/** ECharts options and bar selections of the funnel screen, pure (no DOM). */
import type { ChartOption } from '../../components/charts/echarts.ts';
import type { FunnelResult, FunnelStepResult } from './result.ts';
import { ttcLabel } from './ttc-buckets.ts';
import { percentText as pct } from '../format.ts';

const DAY_SECONDS = 86_400;

const STEP_COLOR = '#2f6db5';
const OPTIONAL_COLOR = '#9dbbe0';

/** The name of step i on an axis: "1. product_viewed", "(optional)" marked. */
export function stepLabel(result: Pick<FunnelResult, 'steps'>, i: number): string {
	const s = result.steps[i];
	return `${i + 1}. ${s.event}${s.optional ? ' (optional)' : ''}`;
}

/**
 * Bars of the steps: users who reached each step (series 0, "converted", labelled with the conversion from
 * the start) stacked under those of the previous non-optional step who did not (series 1, "dropped"). An
 * optional step's bar is lighter: its count is its own (who did it), apart from the steps that convert.
 */
export function funnelOption(result: FunnelResult): ChartOption {
	const names = result.steps.map((_, i) => stepLabel(result, i));
	return {
		tooltip: {
			trigger: 'axis',
			axisPointer: { type: 'shadow' },
			formatter: (ps: { dataIndex: number }[]) => {
				const s = result.steps[ps[0].dataIndex];
				return [
					names[ps[0].dataIndex],
					`${s.users.toLocaleString('en')} users`,
					`${pct(s.conversionFromStart)} of step 1`,
					`${pct(s.conversionFromPrevious)} of the previous step`,
					`${s.dropped.toLocaleString('en')} dropped`
				].join('<br>');
			}
		},
		legend: { data: ['converted', 'dropped'] },
		grid: { left: 60, right: 20, top: 40, bottom: 60 },
		xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 5 ? 20 : 0 } },
		yAxis: { type: 'value', name: 'users' },
		series: [
			{
				name: 'converted',
				type: 'bar',
				stack: 'u',
				data: result.steps.map((s) => s.users),
				itemStyle: {
					color: (p: { dataIndex: number }) =>
						result.steps[p.dataIndex].optional ? OPTIONAL_COLOR : STEP_COLOR
				},
				label: {
					show: true,
					position: 'insideTop',
					// A zero-height bar has no inside: its label would sit on the axis names.
					formatter: (p: { dataIndex: number }) => {
						const st = result.steps[p.dataIndex];
						return st.users > 0 ? pct(st.conversionFromStart) : '';
					}
				}
			},
			{
				name: 'dropped',
				type: 'bar',
				stack: 'u',
				data: result.steps.map((s) => s.dropped),
				itemStyle: { color: '#e8a29b', opacity: 0.55 }
			}
		]
	};
}

/**
 * Histogram of the time to convert between the chosen steps, one bar per bucket (ttc-buckets.ts). With
 * `onlyDates` (the data's times are dates only, format.ts `datesOnly`) every time is a midnight, so the first
 * bucket reads "same day" and the buckets between a minute and a day are left out where empty (a day across a
 * clock change, 23 h, still shows in its own).
 */
export function timeOption(result: FunnelResult, onlyDates = false): ChartOption {
	const bins = result.timeToConvert.bins.filter(
		(b) => !onlyDates || b.users > 0 || b.fromSeconds === 0 || b.fromSeconds >= DAY_SECONDS
	);
	const label = (from: number) => (onlyDates && from === 0 ? 'same day' : ttcLabel(from));
	// Every bucket named: ECharts otherwise drops every other label when they crowd, leaving "1–5 min" or
	// "3–7 d" bars unnamed; past six they tilt to fit.
	const tilt = bins.length > 6;
	return {
		tooltip: { trigger: 'axis' },
		grid: { left: 60, right: 20, top: 20, bottom: tilt ? 64 : 40 },
		xAxis: {
			type: 'category',
			data: bins.map((b) => label(b.fromSeconds)),
			axisLabel: { interval: 0, rotate: tilt ? 30 : 0 }
		},
		yAxis: { type: 'value', name: 'users' },
		series: [{ type: 'bar', name: 'users', data: bins.map((b) => b.users) }]
	};
}

/** Conversion (entered → last step) by the period of the step-1 event. */
export function trendOption(result: FunnelResult): ChartOption {
	const pts = result.trend.points;
	return {
		tooltip: { trigger: 'axis', valueFormatter: (v: number) => pct(v) },
		grid: { left: 60, right: 20, top: 20, bottom: 40 },
		xAxis: { type: 'category', data: pts.map((p) => p.period) },
		yAxis: {
			type: 'value',
			min: 0,
			max: 1,
			axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` }
		},
		series: [{ type: 'line', name: 'conversion', data: pts.map((p) => p.conversion) }]
	};
}

/** A bar's part: those who reached step `step`, or those of the previous non-optional step who did not. */
export interface BarPart {
	step: number;
	part: 'converted' | 'dropped';
}

/**
 * The users of a bar's part, from the result's per-user rows: `converted` at a non-optional step i are those
 * whose last non-optional step reached is i or later; at an optional step, those who did it. `dropped` are
 * those who reached the previous non-optional step and not this one.
 */
export function usersOfPart(result: FunnelResult, sel: BarPart): string[] {
	const steps = result.steps;
	const prev = sel.step === 0 ? 0 : steps.slice(0, sel.step).findLastIndex((s) => !s.optional);
	const did = (u: NonNullable<FunnelResult['users']>[number]) =>
		steps[sel.step].optional ? u.optional.includes(sel.step) : u.reached >= sel.step;
	return (result.users ?? [])
		.filter((u) => (sel.part === 'converted' ? did(u) : sel.step > 0 && u.reached >= prev && !did(u)))
		.map((u) => u.user);
}

/** A name for a bar's part: "Reached added_to_cart", "Dropped before added_to_cart". */
export function partName(result: FunnelResult, sel: BarPart): string {
	const e = result.steps[sel.step].event;
	const first = result.steps[0].event;
	return sel.part === 'converted' ? `${first} → ${e}` : `${first}, not ${e}`;
}

/** The series of conversion from start per step, one per group, as grouped bars (shares 0..1). */
function groupedOption(names: string[], groups: { name: string; steps: FunnelStepResult[] }[]): ChartOption {
	return {
		tooltip: {
			trigger: 'axis',
			axisPointer: { type: 'shadow' },
			formatter: (ps: { dataIndex: number; seriesIndex: number; marker: string }[]) =>
				[
					names[ps[0].dataIndex],
					...ps.map((p) => {
						const g = groups[p.seriesIndex];
						const s = g.steps[p.dataIndex];
						return `${p.marker}${g.name}: ${pct(s.conversionFromStart)} (${s.users.toLocaleString('en')} users)`;
					})
				].join('<br>')
		},
		legend: { type: 'scroll', data: groups.map((g) => g.name) },
		grid: { left: 60, right: 20, top: 40, bottom: 60 },
		xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 5 ? 20 : 0 } },
		yAxis: {
			type: 'value',
			min: 0,
			max: 1,
			axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` }
		},
		series: groups.map((g) => ({
			name: g.name,
			type: 'bar',
			data: g.steps.map((s) => s.conversionFromStart)
		}))
	};
}

/** Conversion from step 1 per breakdown value (PostHog's grouped funnel bars); the empty value as "(none)". */
export function breakdownOption(result: FunnelResult): ChartOption {
	const names = result.steps.map((_, i) => stepLabel(result, i));
	return groupedOption(
		names,
		result.breakdowns.map((b) => ({ name: b.value ?? '(none)', steps: b.steps }))
	);
}

/** A segment's conversion beside all users' (SEMANTICS §1b `compare`). */
export function compareOption(
	result: FunnelResult,
	baseline: FunnelResult,
	names: { segment: string; all: string }
): ChartOption {
	const labels = result.steps.map((_, i) => stepLabel(result, i));
	return groupedOption(labels, [
		{ name: names.segment, steps: result.steps },
		{ name: names.all, steps: baseline.steps }
	]);
}
