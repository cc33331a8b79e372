/**
 * Runs a heatmap spec in the engine (an `execute` analysis: clicks take two queries and a pass over the
 * rage-click candidates in TypeScript) and shapes each type's result (SEMANTICS §7).
 */
import type { Table } from 'apache-arrow';
import type { AnalysisContext, AnalysisEngine } from '../types.ts';
import { scopeContext } from '../scope.ts';
import { columnFor, guessColumn } from './columns.ts';
import { compileActivity } from './compile-activity.ts';
import { CELL_LIMIT, compileClickCells, compileRageCandidates, type ClickMapping } from './compile-clicks.ts';
import { compileScroll } from './compile-scroll.ts';
import { findBursts, RAGE_WINDOW_MS, type RageInput } from './rage.ts';
import type {
	ActivityResult,
	ClickCell,
	ClickResult,
	HeatmapResult,
	HeatmapSpec,
	RageBurst,
	ScrollPage,
	ScrollResult
} from './spec.ts';

/** Rage clicks listed in a result at most (the earliest); `rageBursts` counts them all. */
export const RAGE_LIST = 200;

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));

/** Column `name` of `t` as plain values (bigints as numbers). */
function column(t: Table, name: string): unknown[] {
	const c = t.getChild(name);
	if (!c) throw new Error(`Heatmap result has no column ${name}`);
	const out = new Array<unknown>(t.numRows);
	for (let i = 0; i < t.numRows; i++) {
		const v = c.get(i);
		out[i] = typeof v === 'bigint' ? Number(v) : v;
	}
	return out;
}

/** The heatmap of `spec` on the loaded data. Throws `SpecError` naming the field when a column is missing. */
export async function runHeatmap(
	engine: AnalysisEngine,
	spec: HeatmapSpec,
	ctx: AnalysisContext
): Promise<HeatmapResult> {
	const sctx = scopeContext(ctx);
	if (spec.type === 'activity') return shapeActivity(await engine.query(compileActivity(spec, sctx)));
	const names = [...ctx.columns.keys()];
	const page = columnFor(spec, 'page', names);
	if (spec.type === 'scroll') {
		const depth = columnFor(spec, 'depth', names);
		return shapeScroll(await engine.query(compileScroll(spec, depth, page, sctx)), { depth, page });
	}
	const m: ClickMapping = {
		x: columnFor(spec, 'x', names),
		y: columnFor(spec, 'y', names),
		viewport: columnFor(spec, 'viewport', names),
		page,
		device: spec.device ?? guessColumn('device', names)
	};
	const cells = await engine.query(compileClickCells(spec, m, sctx));
	if (engine.isCancelled()) throw new Error('Cancelled');
	const rage = await engine.query(compileRageCandidates(spec, m, sctx, RAGE_WINDOW_MS));
	return shapeClicks(cells, rage, spec, m);
}

/** `compileActivity`'s table as SEMANTICS §7's result. */
export function shapeActivity(t: Table): ActivityResult {
	const [weekday, hour, events, users] = ['weekday', 'hour', 'events', 'users'].map((n) => column(t, n));
	const cells = weekday.map((w, i) => ({
		weekday: num(w),
		hour: num(hour[i]),
		events: num(events[i]),
		users: num(users[i])
	}));
	return { type: 'activity', cells };
}

/** `compileScroll`'s table as the scroll result: pages by pageviews, each with its 11 steps. */
export function shapeScroll(t: Table, mapping: ScrollResult['mapping']): ScrollResult {
	const [kind, page, pageviews, depth, reached, skipped, fractions] = [
		'kind',
		'page',
		'pageviews',
		'depth',
		'reached',
		'skipped',
		'fractions'
	].map((n) => column(t, n));
	const pages = new Map<string, ScrollPage>();
	const out: ScrollResult = { type: 'scroll', mapping, fractions: false, pages: [], skipped: 0 };
	for (let i = 0; i < t.numRows; i++) {
		if (kind[i] === 'meta') {
			out.skipped = num(skipped[i]);
			out.fractions = fractions[i] === true;
			continue;
		}
		const key = page[i] as string;
		let p = pages.get(key);
		if (!p) pages.set(key, (p = { page: key, pageviews: num(pageviews[i]), reach: [] }));
		p.reach.push({ depth: num(depth[i]), share: num(reached[i]) / p.pageviews });
	}
	out.pages = [...pages.values()];
	return out;
}

/** The cells and candidates of a click heatmap as its result, rage clicks found and placed in cells. */
export function shapeClicks(
	cellsTable: Table,
	rageTable: Table,
	spec: HeatmapSpec,
	mapping: ClickMapping
): ClickResult {
	const [kind, page, grp, gx, gy, clicks] = ['kind', 'page', 'grp', 'gx', 'gy', 'clicks'].map((n) =>
		column(cellsTable, n)
	);
	const cells: ClickCell[] = [];
	const pages: ClickResult['pages'] = [];
	let skipped = 0;
	for (let i = 0; i < cellsTable.numRows; i++) {
		const n = num(clicks[i]);
		if (kind[i] === 'skipped') skipped = n;
		else if (kind[i] === 'page') pages.push({ page: page[i] as string, clicks: n });
		else
			cells.push({
				page: page[i] as string,
				group: grp[i] as string,
				gx: num(gx[i]),
				gy: num(gy[i]),
				clicks: n,
				rage: 0
			});
	}
	const truncated = cells.length > CELL_LIMIT;
	if (truncated) cells.length = CELL_LIMIT;
	pages.sort((a, b) => b.clicks - a.clicks || (a.page < b.page ? -1 : 1));

	const r = ['page', 'grp', 'user', 'u', 'ms', 'x', 'y', 'gx', 'gy'].map((n) => column(rageTable, n));
	const candidates: RageInput[] = [];
	for (let i = 0; i < rageTable.numRows; i++) {
		const [p, g, user, u, ms, x, y, cx, cy] = r.map((c) => c[i]);
		candidates.push({ page: p, grp: g, user, u, ms, x, y, gx: cx, gy: cy } as RageInput);
	}
	const bursts = findBursts(candidates).sort((a, b) => a.first.ms - b.first.ms);
	const byCell = new Map(cells.map((c) => [`${c.page}\u0000${c.group}\u0000${c.gx}\u0000${c.gy}`, c]));
	for (const b of bursts) {
		const f = b.first;
		const cell = byCell.get(`${f.page}\u0000${f.grp}\u0000${f.gx}\u0000${f.gy}`);
		if (cell) cell.rage++;
	}
	const rage: RageBurst[] = bursts.slice(0, RAGE_LIST).map(({ first: f, clicks: n }) => ({
		page: f.page,
		group: f.grp,
		user: f.user,
		time: new Date(f.ms).toISOString(),
		x: f.x,
		y: f.y,
		gx: f.gx,
		gy: f.gy,
		clicks: n
	}));
	const total = pages.reduce((s, p) => s + (spec.url === null || p.page === spec.url ? p.clicks : 0), 0);
	return {
		type: 'clicks',
		columns: spec.columns,
		mapping,
		cells,
		pages,
		clicks: total,
		skipped,
		truncated,
		rageBursts: bursts.length,
		rage
	};
}
