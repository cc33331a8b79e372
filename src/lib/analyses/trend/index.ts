import type { SqlAnalysis } from '../types.ts';
import { scopeContext } from '../scope.ts';
import { compileTrend } from './compile.ts';
import { shapeTrend } from './shape.ts';
import { parseTrend, trendColumns, type TrendResult, type TrendSpec, type TrendSpecInput } from './spec.ts';

/** Events or distinct users per period, optionally for one event and by a breakdown (SEMANTICS §10). */
export const trend: SqlAnalysis<'trend', TrendSpecInput, TrendSpec, TrendResult> = {
	kind: 'trend',
	version: 1,
	label: 'Trends',
	description: 'How many events, or how many users, per day, week or month.',
	route: 'trends',
	needs: [],
	needsTime: true,
	parse: parseTrend,
	columns: trendColumns,
	compile: (spec, ctx) => compileTrend(spec, { weekStart: ctx.dataset.weekStart, ...scopeContext(ctx) }),
	shape: (table, spec) => shapeTrend(table, spec)
};
