/** Tables (and CSV rows) of the heatmap screen, pure. */
import type { Region } from './grid.ts';
import { WEEKDAYS } from './chart-options.ts';
import type { ActivityResult, ClickCell, RageBurst, ScrollPage } from './spec.ts';
import { SCROLL_STEPS } from './compile-scroll.ts';

export interface Table {
	header: string[];
	rows: (string | number | null)[][];
}

const pct = (x: number) => Math.round(x * 1000) / 10;

/** The top regions of a click heatmap, each placed as a share of the width and in pixels on a `width` screen. */
export function regionsTable(regions: readonly Region[], width: number): Table {
	return {
		header: [
			'rank',
			'x from %',
			'x to %',
			`y from px (${width} px wide)`,
			'y to px',
			'clicks',
			'share %',
			'rage clicks'
		],
		rows: regions.map((r, i) => [i + 1, pct(r.x0), pct(r.x1), r.y0, r.y1, r.clicks, pct(r.share), r.rage])
	};
}

/** Every cell of a click heatmap, for the CSV export. */
export function cellsTable(cells: readonly ClickCell[]): Table {
	return {
		header: ['page', 'group', 'column', 'row', 'clicks', 'rage clicks'],
		rows: cells.map((c) => [c.page, c.group, c.gx, c.gy, c.clicks, c.rage])
	};
}

export function rageTable(bursts: readonly RageBurst[]): Table {
	return {
		header: ['time (UTC)', 'user', 'page', 'group', 'x px', 'y px', 'clicks'],
		rows: bursts.map((b) => [
			b.time.replace('T', ' ').slice(0, 23),
			b.user,
			b.page,
			b.group,
			b.x,
			b.y,
			b.clicks
		])
	};
}

export function activityTable(result: ActivityResult): Table {
	return {
		header: ['weekday', 'hour', 'events', 'users'],
		rows: result.cells.map((c) => [WEEKDAYS[c.weekday - 1], c.hour, c.events, c.users])
	};
}

export function scrollTable(pages: readonly ScrollPage[]): Table {
	return {
		header: ['page', 'pageviews', ...SCROLL_STEPS.map((d) => `reach ${d} %`)],
		rows: pages.map((p) => [p.page, p.pageviews, ...p.reach.map((r) => pct(r.share))])
	};
}
