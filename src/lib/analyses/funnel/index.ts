import type { SqlAnalysis } from '../types.ts';
import { scopeContext } from '../scope.ts';
import { compileFunnel } from './compile.ts';
import { shapeFunnel } from './shape.ts';
import {
	funnelColumns,
	parseFunnel,
	type FunnelResult,
	type FunnelSpec,
	type FunnelSpecInput
} from './spec.ts';

/** Where users drop off between steps, with time to convert and a conversion trend (SEMANTICS §3). */
export const funnel: SqlAnalysis<'funnel', FunnelSpecInput, FunnelSpec, FunnelResult> = {
	kind: 'funnel',
	version: 1,
	label: 'Funnels',
	description: 'Where users drop off between steps, how long they take, and how conversion moves over time.',
	route: 'funnels',
	needs: [],
	needsTime: true,
	parse: parseFunnel,
	columns: funnelColumns,
	compile: (spec, ctx) => compileFunnel(spec, { weekStart: ctx.dataset.weekStart, ...scopeContext(ctx) }),
	shape: (table, spec) => shapeFunnel(table, spec)
};
