/**
 * A click heatmap's cells as a dense grid for drawing: one page and group, smoothed with a small Gaussian
 * kernel so density reads as a smooth surface rather than squares, and its top regions. Pure.
 */
import type { ClickCell, ClickResult } from './spec.ts';

/** The clicks of one page and group on a `columns` × `rows` grid, row-major (`values[gy * columns + gx]`). */
export interface ClickGrid {
	columns: number;
	rows: number;
	values: Float64Array;
	/** Clicks on the grid (cells below `rows` are cut off and not counted). */
	clicks: number;
	max: number;
}

/** The groups with clicks on `page`, most clicks first. */
export function groupsOf(result: ClickResult, page: string): { group: string; clicks: number }[] {
	const by = new Map<string, number>();
	for (const c of result.cells) if (c.page === page) by.set(c.group, (by.get(c.group) ?? 0) + c.clicks);
	return [...by.entries()]
		.map(([group, clicks]) => ({ group, clicks }))
		.sort((a, b) => b.clicks - a.clicks || (a.group < b.group ? -1 : 1));
}

/** The cells of one page, and of one group or every group (null). */
export function cellsOf(result: ClickResult, page: string, group: string | null): ClickCell[] {
	return result.cells.filter((c) => c.page === page && (group === null || c.group === group));
}

/**
 * The grid of `cells` (several groups' cells in one spot add up), `rows` deep (default: down to the lowest
 * clicked cell). `cells` must come from one result, so they share its `columns`.
 */
export function clickGrid(cells: readonly ClickCell[], columns: number, rows?: number): ClickGrid {
	const depth = rows ?? cells.reduce((d, c) => Math.max(d, c.gy + 1), 1);
	const values = new Float64Array(columns * depth);
	let clicks = 0;
	for (const c of cells) {
		if (c.gy >= depth) continue;
		values[c.gy * columns + c.gx] += c.clicks;
		clicks += c.clicks;
	}
	return { columns, rows: depth, values, clicks, max: maxOf(values) };
}

/**
 * The grid blurred by a separable Gaussian of `sigma` cells (the kernel reaches 2σ; edges renormalised so
 * clicks near a border are not dimmed). Sums are kept: each cell's clicks are spread, not scaled.
 */
export function smooth(grid: ClickGrid, sigma = 1): ClickGrid {
	const r = Math.max(1, Math.ceil(2 * sigma));
	const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
	const { columns: w, rows: h } = grid;
	const pass = (src: Float64Array, along: 'x' | 'y') => {
		const out = new Float64Array(src.length);
		for (let y = 0; y < h; y++)
			for (let x = 0; x < w; x++) {
				const v = src[y * w + x];
				if (v === 0) continue;
				let norm = 0;
				for (let i = -r; i <= r; i++) {
					const [tx, ty] = along === 'x' ? [x + i, y] : [x, y + i];
					if (tx >= 0 && tx < w && ty >= 0 && ty < h) norm += k[i + r];
				}
				for (let i = -r; i <= r; i++) {
					const [tx, ty] = along === 'x' ? [x + i, y] : [x, y + i];
					if (tx >= 0 && tx < w && ty >= 0 && ty < h) out[ty * w + tx] += (v * k[i + r]) / norm;
				}
			}
		return out;
	};
	const values = pass(pass(grid.values, 'x'), 'y');
	return { ...grid, values, max: maxOf(values) };
}

/** A top clicked region: one cell, with its place as a share of the width and in pixels on a screen. */
export interface Region {
	gx: number;
	gy: number;
	clicks: number;
	rage: number;
	/** Share of the page's (and group's) clicks. */
	share: number;
	/** Left and right edge, fractions of the viewport width. */
	x0: number;
	x1: number;
	/** Top and bottom edge in pixels on a screen `width` wide (cells are square: width / columns each). */
	y0: number;
	y1: number;
}

/** The `n` most clicked cells of `cells` (ties: top to bottom, left to right), placed on a `width` px screen. */
export function topRegions(cells: readonly ClickCell[], columns: number, width: number, n = 10): Region[] {
	const merged = new Map<string, ClickCell>();
	for (const c of cells) {
		const key = `${c.gx},${c.gy}`;
		const m = merged.get(key);
		if (m) merged.set(key, { ...m, clicks: m.clicks + c.clicks, rage: m.rage + c.rage });
		else merged.set(key, c);
	}
	const total = cells.reduce((s, c) => s + c.clicks, 0);
	const size = width / columns;
	return [...merged.values()]
		.sort((a, b) => b.clicks - a.clicks || a.gy - b.gy || a.gx - b.gx)
		.slice(0, n)
		.map((c) => ({
			gx: c.gx,
			gy: c.gy,
			clicks: c.clicks,
			rage: c.rage,
			share: total ? c.clicks / total : 0,
			x0: c.gx / columns,
			x1: (c.gx + 1) / columns,
			y0: Math.round(c.gy * size),
			y1: Math.round((c.gy + 1) * size)
		}));
}

/** A typical screen width of a group, for placing regions in pixels when no screenshot says otherwise. */
export function typicalWidth(group: string | null): number {
	if (group === 'mobile') return 390;
	if (group === 'tablet') return 820;
	const lo = group ? Number.parseInt(group, 10) : NaN;
	if (!Number.isFinite(lo)) return 1440;
	return lo > 0 ? lo : 390;
}

function maxOf(values: Float64Array): number {
	let m = 0;
	for (const v of values) if (v > m) m = v;
	return m;
}
