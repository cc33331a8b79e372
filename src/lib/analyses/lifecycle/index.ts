import type { SqlAnalysis } from '../types.ts';
import { scopeContext } from '../scope.ts';
import { compileLifecycle } from './compile.ts';
import { shapeLifecycle } from './shape.ts';
import {
	lifecycleColumns,
	parseLifecycle,
	type LifecycleResult,
	type LifecycleSpec,
	type LifecycleSpecInput
} from './spec.ts';

/** New, returning, resurrecting and dormant users per period (SEMANTICS §6, PostHog's Lifecycle). */
export const lifecycle: SqlAnalysis<'lifecycle', LifecycleSpecInput, LifecycleSpec, LifecycleResult> = {
	kind: 'lifecycle',
	version: 1,
	label: 'Lifecycle',
	description:
		'Where each period’s active users come from: new, returning, resurrecting, and who went dormant.',
	route: 'lifecycle',
	needs: ['activity', 'users'],
	needsTime: true,
	parse: parseLifecycle,
	columns: lifecycleColumns,
	compile: (spec, ctx) =>
		compileLifecycle(spec, {
			weekStart: ctx.dataset.weekStart,
			activity: ctx.tables.has('activity'),
			...scopeContext(ctx)
		}),
	shape: (table, spec) => shapeLifecycle(table, spec)
};
