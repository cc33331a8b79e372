import { EngineCore } from '../../../src/lib/engine/core.ts';
import { createNodeDuck, nodeSource } from '../../../src/lib/engine/node-duck.ts';
import { createNativeDuck } from '../../../src/lib/engine/native-duck.ts';
import type { DatasetInput } from '../../../src/lib/engine/ingest/index.ts';
import type { IngestReport } from '../../../src/lib/engine/ingest/report.ts';
import { ANALYSES } from '../../../src/lib/analyses/registry.ts';
import { ident } from '../../../src/lib/sql/quote.ts';
import { C, EVENTS } from '../../../src/lib/sql/schema.ts';

/**
 * The same files loaded by DuckDB-WASM and by native DuckDB, each its own engine. Native DuckDB runs on one
 * thread, as DuckDB-WASM does: on more, its parallel aggregates add doubles in another order, and sums of
 * decimal numbers differ in their last bits (the demo's largest per-user spend 3754.749999999998 on one
 * thread, 3754.7499999999995 on two), which then moves near-tied merges of hierarchical clustering.
 */
export interface EnginePair {
	wasm: EngineCore;
	native: EngineCore;
	wasmReport: IngestReport;
	nativeReport: IngestReport;
	close(): Promise<void>;
}

export async function loadBoth(files: string[], input: DatasetInput = {}): Promise<EnginePair> {
	const wasm = new EngineCore(await createNodeDuck());
	const native = new EngineCore(await createNativeDuck({ threads: 1 }));
	const wasmReport = await wasm.ingest(await Promise.all(files.map((f) => nodeSource(f))), input);
	const nativeReport = await native.ingest(await Promise.all(files.map((f) => nodeSource(f))), input);
	return {
		wasm,
		native,
		wasmReport,
		nativeReport,
		close: async () => {
			await wasm.duck.close();
			await native.duck.close();
		}
	};
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|FLOAT|DOUBLE|DECIMAL)/;

/**
 * A spec of every registered analysis for this data: its defaults (`{ kind }`), and for the kinds that
 * cannot start from nothing the least the screen starts from: the two most frequent events as steps,
 * weights and segments, the first numeric column as the money, a count (and that column's sum) as
 * clustering features, the activity heatmap (clicks need x/y columns).
 */
export async function specsFor(core: EngineCore, report: IngestReport): Promise<Record<string, unknown>[]> {
	const top = await core.duck.rows<{ e: string }>(
		`SELECT ${ident(C.event)} AS e FROM ${ident(EVENTS)} GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 2`
	);
	const [e1, e2] = [top[0]?.e ?? 'event', top[1]?.e ?? top[0]?.e ?? 'event'];
	const mapped = new Set(Object.values(report.dataset.columns));
	const money = report.columns.find((c) => NUMERIC.test(c.type) && !mapped.has(c.name))?.name;
	const features = [{ agg: 'count' }, ...(money ? [{ agg: 'sum', column: money }] : [])];
	const given: Record<string, Record<string, unknown>> = {
		funnel: { steps: [{ event: e1 }, { event: e2 }] },
		segment: { rule: { did: e1 } },
		overlap: {
			segments: [
				{ name: 'first', rule: { did: e1 } },
				{ name: 'second', rule: { did: e2 } }
			]
		},
		kpi: { series: [{ metric: 'active_users' }, { metric: 'dau_mau' }] },
		engagement: {
			weights: [
				{ event: e1, weight: 1 },
				{ event: e2, weight: 3 }
			]
		},
		rfm: money ? { monetary: money } : { monetary: '1' },
		heatmap: { type: 'activity' },
		kmeans: { features },
		dbscan: { features },
		hierarchical: { features }
	};
	return ANALYSES.map(({ kind }) => ({ kind, ...given[kind] }));
}

/** A run's result, or the message it failed with: both engines must agree on either. */
export async function outcome(core: EngineCore, spec: Record<string, unknown>): Promise<unknown> {
	try {
		return { result: await core.result(spec as never) };
	} catch (e) {
		return { error: e instanceof Error ? e.message : String(e) };
	}
}
