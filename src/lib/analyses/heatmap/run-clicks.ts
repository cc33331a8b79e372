/**
 * The click heatmap in the engine (SEMANTICS §7): the click table built once per dataset and mapping, then
 * per spec one query for the cells and pages, one for the rage-click candidates, and the burst pass over
 * those in TypeScript (rage.ts).
 */
import type { Table } from 'apache-arrow';
import { ident, literal } from '../../sql/quote.ts';
import { C, USERS } from '../../sql/schema.ts';
import type { ScopeContext } from '../../sql/scope.ts';
import type { AnalysisEngine } from '../types.ts';
import {
	CELL_LIMIT,
	clickTableKey,
	clickTableStateSql,
	compileClickCells,
	compileClickTable,
	compileRageCandidates,
	PAGE_ROW,
	PAGE_TABLE,
	SKIPPED_ROW,
	type ClickMapping
} from './compile-clicks.ts';
import { VIEWPORT_BREAKS, viewportBucketLabel } from './compile-sql.ts';
import { findBursts, RAGE_WINDOW_MS } from './rage.ts';
import type { ClickCell, ClickResult, HeatmapSpec, RageBurst } from './spec.ts';

/** Rage clicks listed in a result at most (the earliest); `rageBursts` counts them all. */
export const RAGE_LIST = 200;

/** Device classes by the click table's code. */
const DEVICE_CLASSES = ['mobile', 'tablet', 'desktop'];
const BUCKETS = Array.from({ length: VIEWPORT_BREAKS.length + 1 }, (_, i) => viewportBucketLabel(i));

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));

function cancelled(engine: AnalysisEngine): void {
	if (engine.isCancelled()) throw new Error('Cancelled');
}

/**
 * Builds the click table for mapping `m` unless the one in place was built from the same `events` (same
 * catalog oid: every load and remap makes a new table) with the same mapping. About 1 s of CPU per million
 * clicks, once; a heatmap after it reads only the click table.
 */
export async function ensureClickTable(engine: AnalysisEngine, m: ClickMapping): Promise<void> {
	const state = (await engine.query(clickTableStateSql())).get(0)!;
	const key = clickTableKey(m, num(state.oid), RAGE_WINDOW_MS);
	if (state.key === key) return;
	for (const sql of compileClickTable(m, key, RAGE_WINDOW_MS)) {
		cancelled(engine);
		await engine.query(sql);
	}
}

/** The click heatmap of `spec` with mapping `m` (columns checked by the caller). */
export async function runClicks(
	engine: AnalysisEngine,
	spec: HeatmapSpec,
	m: ClickMapping,
	ctx: ScopeContext
): Promise<ClickResult> {
	await ensureClickTable(engine, m);
	cancelled(engine);
	let pid: number | null = null;
	if (spec.url !== null) {
		const hit = await engine.query(`SELECT pid FROM ${ident(PAGE_TABLE)} WHERE page = ${literal(spec.url)}`);
		pid = hit.numRows ? num(hit.get(0)!.pid) : -1;
	}
	const labels = spec.group === 'device' ? DEVICE_CLASSES : spec.group === 'viewport' ? BUCKETS : ['all'];
	const cells = await engine.query(compileClickCells(spec, ctx, pid, labels));
	cancelled(engine);
	const rage = await engine.query(compileRageCandidates(spec, ctx, pid));
	const pages = await pageNames(engine);
	const bursts = rageBursts(rage, pages, labels);
	const users = await userNames(
		engine,
		bursts.slice(0, RAGE_LIST).map((b) => b.u)
	);
	return shapeClicks(cells, bursts, { pages, users, labels }, spec, m);
}

/** The page of every pid: as many rows as pages with clicks. */
async function pageNames(engine: AnalysisEngine): Promise<Map<number, string>> {
	const t = await engine.query(`SELECT pid, page FROM ${ident(PAGE_TABLE)}`);
	const pid = t.getChild('pid')!.toArray() as Int32Array;
	const page = t.getChild('page')!;
	const out = new Map<number, string>();
	for (let i = 0; i < t.numRows; i++) out.set(pid[i], page.get(i) as string);
	return out;
}

/** The user id of each user key. */
async function userNames(engine: AnalysisEngine, keys: number[]): Promise<Map<number, string>> {
	const out = new Map<number, string>();
	if (!keys.length) return out;
	const [u, user] = [C.ukey, C.user].map(ident);
	const t = await engine.query(
		`SELECT ${u} AS u, ${user} AS who FROM ${ident(USERS)} WHERE ${u} IN (${[...new Set(keys)].join(', ')})`
	);
	const [k, who] = [t.getChild('u')!, t.getChild('who')!];
	for (let i = 0; i < t.numRows; i++) out.set(num(k.get(i)), who.get(i) as string);
	return out;
}

/** A rage burst found: its first click, placed (page, group, cell), and its size. */
interface Found {
	pid: number;
	g: number;
	page: string;
	grp: string;
	u: number;
	ms: number;
	x: number;
	y: number;
	gx: number;
	gy: number;
	clicks: number;
}

/** The bursts among the candidates table's clicks (rage.ts), earliest first. */
function rageBursts(t: Table, pages: Map<number, string>, labels: readonly string[]): Found[] {
	const col = (name: string) => t.getChild(name)!.toArray() as ArrayLike<number>;
	const [pid, g, u, ms, x, y, gx, gy] = ['pid', 'g', 'u', 'ms', 'x', 'y', 'gx', 'gy'].map(col);
	return findBursts({ n: t.numRows, page: pid, u, ms, x, y })
		.map(({ first: i, clicks }) => ({
			pid: pid[i],
			g: g[i],
			page: pages.get(pid[i])!,
			grp: labels[g[i]],
			u: u[i],
			ms: ms[i],
			x: x[i],
			y: y[i],
			gx: gx[i],
			gy: gy[i],
			clicks
		}))
		.sort((a, b) => a.ms - b.ms);
}

/** Names of the numbers of the cells query: pages by pid, user ids by key, group labels by code. */
interface Names {
	pages: Map<number, string>;
	users: Map<number, string>;
	labels: readonly string[];
}

/** The cells query's table and the bursts as the click result, each burst counted in its first click's cell. */
function shapeClicks(
	t: Table,
	bursts: readonly Found[],
	names: Names,
	spec: HeatmapSpec,
	mapping: ClickMapping
): ClickResult {
	const [kind, pid, grp, gx, gy, clicks] = ['kind', 'pid', 'g', 'gx', 'gy', 'clicks'].map(
		(n) => t.getChild(n)!.toArray() as Float64Array
	);
	const cells: ClickCell[] = [];
	// Cells by (page, group, column) and then row, as numbers: a text key per cell cost more than the rest.
	const byCell = new Map<number, Map<number, ClickCell>>();
	const key = (p: number, g: number, x: number) => (p * 8 + g) * 256 + x;
	const pages: ClickResult['pages'] = [];
	let skipped = 0;
	for (let i = 0; i < t.numRows; i++) {
		const n = clicks[i];
		if (kind[i] === SKIPPED_ROW) skipped = n;
		else if (kind[i] === PAGE_ROW) pages.push({ page: names.pages.get(pid[i])!, clicks: n });
		else {
			const cell = {
				page: names.pages.get(pid[i])!,
				group: names.labels[grp[i]],
				gx: gx[i],
				gy: gy[i],
				clicks: n,
				rage: 0
			};
			if (cells.push(cell) > CELL_LIMIT) continue;
			const k = key(pid[i], grp[i], gx[i]);
			const column = byCell.get(k) ?? new Map<number, ClickCell>();
			if (column.size === 0) byCell.set(k, column);
			column.set(gy[i], cell);
		}
	}
	const truncated = cells.length > CELL_LIMIT;
	if (truncated) cells.length = CELL_LIMIT;
	pages.sort((a, b) => b.clicks - a.clicks || (a.page < b.page ? -1 : 1));
	for (const f of bursts) {
		const cell = byCell.get(key(f.pid, f.g, f.gx))?.get(f.gy);
		if (cell) cell.rage++;
	}
	const rage: RageBurst[] = bursts.slice(0, RAGE_LIST).map(({ clicks: n, ...f }) => ({
		page: f.page,
		group: f.grp,
		user: names.users.get(f.u) ?? '',
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
