/**
 * The Data page's two charts (IngestReport.svelte), as pure ECharts options: events and users per day, and
 * the most frequent events. Pure: no DOM, no Svelte, no database; the colours come in as an argument.
 */
import type { ChartOption } from '../charts/echarts.ts';
import type { IngestReport } from '../../engine/ingest/report.ts';

/** Axis ticks of large counts as 500K, 1M, 2.5M: full numbers overlap on a narrow chart. */
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const tick = { formatter: (v: number) => compact.format(v) };
const fmt = (n: number) => n.toLocaleString('en');

/** More days than this get a zoom slider under the chart. */
export const PER_DAY_ZOOM_DAYS = 120;

/**
 * Events (bars, left axis) and distinct users (line, right axis) per day of `perDay` (days in the dataset's
 * time zone, as the report counts them). Each count has its own axis, named and drawn in its series'
 * colour: on a shop's invoice lines (UCI Online Retail: a median day has about 1,100 lines of about 50
 * customers) users are a few percent of events, and on one shared axis their line lay flat along zero.
 * `colors[0]` is the events', `colors[1]` the users'.
 */
export function perDayOption(perDay: IngestReport['perDay'], colors: readonly string[]): ChartOption {
	const [events, users] = colors;
	const axis = (name: string, color: string, position: 'left' | 'right') => ({
		type: 'value',
		name,
		position,
		nameTextStyle: { color },
		axisLabel: { ...tick, color },
		axisLine: { show: true, lineStyle: { color } },
		// One set of grid lines (the events'): two would cross each other at different heights.
		splitLine: { show: position === 'left' }
	});
	return {
		color: [events, users],
		grid: { left: 56, right: 56, top: 40, bottom: 56 },
		tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => fmt(Number(v)) },
		legend: { data: ['Events', 'Users'], top: 0 },
		xAxis: { type: 'category', data: perDay.map((d) => d.day) },
		yAxis: [axis('events', events, 'left'), axis('users', users, 'right')],
		dataZoom: perDay.length > PER_DAY_ZOOM_DAYS ? [{ type: 'slider', height: 18, bottom: 8 }] : [],
		series: [
			{ name: 'Events', type: 'bar', yAxisIndex: 0, data: perDay.map((d) => d.events) },
			{
				name: 'Users',
				type: 'line',
				yAxisIndex: 1,
				showSymbol: false,
				lineStyle: { width: 2 },
				data: perDay.map((d) => d.users)
			}
		]
	};
}

/** The most frequent events (`topEvents`, most first) as horizontal bars labelled with their counts. */
export function topEventsOption(topEvents: IngestReport['topEvents']): ChartOption {
	return {
		grid: { left: 8, right: 64, top: 8, bottom: 8, containLabel: true },
		tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
		xAxis: { type: 'value', axisLabel: tick },
		yAxis: {
			type: 'category',
			inverse: true,
			data: topEvents.map((e) => e.event),
			axisLabel: { width: 180, overflow: 'truncate' }
		},
		series: [
			{
				name: 'Events',
				type: 'bar',
				data: topEvents.map((e) => e.count),
				label: { show: true, position: 'right', formatter: (p: { value: unknown }) => fmt(Number(p.value)) }
			}
		]
	};
}
