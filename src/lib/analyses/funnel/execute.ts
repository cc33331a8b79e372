/**
 * A funnel run in the worker (or the CLI's process): the sequential funnels of pass.ts as one query of the
 * step events and a pass in JavaScript; every other funnel (strict or any order, per-step windows, optional
 * steps, exclusions, held properties, all-steps attribution) as compile.ts's single SQL query, shaped here.
 */
import type { Table } from 'apache-arrow';
import { scopeContext } from '../scope.ts';
import type { AnalysisContext, AnalysisEngine } from '../types.ts';
import { compileFunnel } from './compile.ts';
import { passApplies, passParts, passSql, type PassColumns } from './pass.ts';
import { assembleFunnel, shapeFunnel } from './shape.ts';
import type { FunnelResult, FunnelSpec } from './spec.ts';

/** The typed arrays of passSql's result (one copy per column when the result has several batches). */
export function passColumns(table: Table, spec: FunnelSpec): PassColumns {
	const col = (name: string) => table.getChild(name)!;
	const bd = spec.breakdown ? col('bd') : null;
	const uid = spec.perUser ? col('uid') : null;
	return {
		u: col('u').toArray() as Int32Array,
		t: col('t').toArray() as Float64Array,
		r: col('r').toArray() as Float64Array,
		m: col('m').toArray() as Int32Array,
		p: col('p').toArray() as Int32Array,
		...(bd ? { bd: (row: number) => (bd.get(row) as string | null) ?? null } : {}),
		...(uid ? { uid: (row: number) => String(uid.get(row)) } : {})
	};
}

/** Runs SEMANTICS §3 for `spec`. Throws what the engine throws (a cancelled run, a failed query). */
export async function executeFunnel(
	engine: AnalysisEngine,
	spec: FunnelSpec,
	ctx: AnalysisContext
): Promise<FunnelResult> {
	const sctx = { weekStart: ctx.dataset.weekStart, ...scopeContext(ctx) };
	if (!passApplies(spec)) return shapeFunnel(await engine.query(compileFunnel(spec, sctx)), spec);
	const table = await engine.query(passSql(spec, sctx));
	return assembleFunnel(spec, passParts(spec, passColumns(table, spec)));
}
