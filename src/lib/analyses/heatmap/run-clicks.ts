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
	PAGE_TABLE,
	type ClickMapping
} from './compile-clicks.ts';
import { VIEWPORT_BREAKS, viewportBucketLabel } from './compile-sql.ts';
import { findBursts, RAGE_WINDOW_MS, type RageInput } from './rage.ts';
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
	const candidates = rageInputs(rage, await pageNames(engine, rage), labels);
	const bursts = findBursts(candidates).sort((a, b) => a.first.ms - b.first.ms);
	const listed = bursts.slice(0, RAGE_LIST);
	const users = await userNames(
		engine,
		listed.map((b) => b.first.u)
	);
	return shapeClicks(cells, bursts, users, spec, m);
}

/** The page of every pid among the candidates. */
async function pageNames(engine: AnalysisEngine, rage: Table): Promise<Map<number, string>> {
	const pids = [...new Set(rage.getChild('pid')?.toArray() as Int32Array)];
	const out = new Map<number, string>();
	if (!pids.length) return out;
	const t = await engine.query(
		`SELECT pid, page FROM ${ident(PAGE_TABLE)} WHERE pid IN (${pids.join(', ')})`
	);
	const [p, page] = [t.getChild('pid')!, t.getChild('page')!];
	for (let i = 0; i < t.numRows; i++) out.set(num(p.get(i)), page.get(i) as string);
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

/** The candidates table as rage.ts's input, read column-wise from Arrow's typed arrays. */
function rageInputs(t: Table, pages: Map<number, string>, labels: readonly string[]): RageInput[] {
	const col = (name: string) => t.getChild(name)!.toArray() as ArrayLike<number>;
	const [pid, g, u, ms, x, y, gx, gy] = ['pid', 'g', 'u', 'ms', 'x', 'y', 'gx', 'gy'].map(col);
	const out = new Array<RageInput>(t.numRows);
	for (let i = 0; i < t.numRows; i++) {
		const page = pages.get(pid[i])!;
		out[i] = {
			page,
			grp: labels[g[i]],
			user: '',
			u: u[i],
			ms: ms[i],
			x: x[i],
			y: y[i],
			gx: gx[i],
			gy: gy[i]
		};
	}
	return out;
}

/** The cells query's table and the bursts as the click result, each burst counted in its first click's cell. */
function shapeClicks(
	t: Table,
	bursts: ReturnType<typeof findBursts>,
	users: Map<number, string>,
	spec: HeatmapSpec,
	mapping: ClickMapping
): ClickResult {
	const [kind, page, grp, gx, gy, clicks] = ['kind', 'page', 'grp', 'gx', 'gy', 'clicks'].map((n) =>
		t.getChild(n)!
	);
	const cells: ClickCell[] = [];
	const pages: ClickResult['pages'] = [];
	let skipped = 0;
	for (let i = 0; i < t.numRows; i++) {
		const n = num(clicks.get(i));
		const k = kind.get(i);
		if (k === 'skipped') skipped = n;
		else if (k === 'page') pages.push({ page: page.get(i) as string, clicks: n });
		else
			cells.push({
				page: page.get(i) as string,
				group: grp.get(i) as string,
				gx: num(gx.get(i)),
				gy: num(gy.get(i)),
				clicks: n,
				rage: 0
			});
	}
	const truncated = cells.length > CELL_LIMIT;
	if (truncated) cells.length = CELL_LIMIT;
	pages.sort((a, b) => b.clicks - a.clicks || (a.page < b.page ? -1 : 1));
	const byCell = new Map(cells.map((c) => [`${c.page}\u0000${c.group}\u0000${c.gx}\u0000${c.gy}`, c]));
	for (const { first: f } of bursts) {
		const cell = byCell.get(`${f.page}\u0000${f.grp}\u0000${f.gx}\u0000${f.gy}`);
		if (cell) cell.rage++;
	}
	const rage: RageBurst[] = bursts.slice(0, RAGE_LIST).map(({ first: f, clicks: n }) => ({
		page: f.page,
		group: f.grp,
		user: users.get(f.u) ?? '',
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
