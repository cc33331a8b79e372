/**
 * Runs a heatmap spec in the engine (an `execute` analysis; clicks in run-clicks.ts) and shapes each type's
 * result (SEMANTICS §7).
 */
import type { Table } from 'apache-arrow';
import type { AnalysisContext, AnalysisEngine } from '../types.ts';
import { scopeContext } from '../scope.ts';
import { columnFor, guessColumn } from './columns.ts';
import { compileActivity } from './compile-activity.ts';
import type { ClickMapping } from './compile-clicks.ts';
import { compileScroll } from './compile-scroll.ts';
import { runClicks } from './run-clicks.ts';
import type { ActivityResult, HeatmapResult, HeatmapSpec, ScrollPage, ScrollResult } from './spec.ts';

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
	return runClicks(engine, spec, m, sctx);
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
