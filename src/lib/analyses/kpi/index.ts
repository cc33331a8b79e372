import type { SqlAnalysis } from '../types.ts';
import { scopeContext } from '../scope.ts';
import { compileKpi } from './compile.ts';
import { shapeKpi } from './shape.ts';
import { kpiColumns, parseKpi, type KpiResult, type KpiSpec, type KpiSpecInput } from './spec.ts';

/** Active users, DAU/MAU, adoption, sums and averages per period, several on one chart (SEMANTICS §6). */
export const kpi: SqlAnalysis<'kpi', KpiSpecInput, KpiSpec, KpiResult> = {
	kind: 'kpi',
	version: 1,
	label: 'KPIs',
	description: 'Active users, DAU/MAU, feature adoption and sums per period, this period against the last.',
	route: 'kpis',
	needs: ['activity'],
	needsTime: true,
	parse: parseKpi,
	columns: kpiColumns,
	compile: (spec, ctx) =>
		compileKpi(spec, {
			weekStart: ctx.dataset.weekStart,
			activity: ctx.tables.has('activity'),
			...scopeContext(ctx)
		}),
	shape: (table, spec) => shapeKpi(table, spec)
};
