import type { SqlAnalysis } from '../types.ts';
import { scopeContext } from '../scope.ts';
import { compileStickiness } from './compile.ts';
import { shapeStickiness } from './shape.ts';
import {
	parseStickiness,
	stickinessColumns,
	type StickinessResult,
	type StickinessSpec,
	type StickinessSpecInput
} from './spec.ts';

/** Users by the number of days of a week or month on which they were active (SEMANTICS §6). */
export const stickiness: SqlAnalysis<'stickiness', StickinessSpecInput, StickinessSpec, StickinessResult> = {
	kind: 'stickiness',
	version: 1,
	label: 'Stickiness',
	description: 'On how many days of a week (or month) users come back: habit, not just reach.',
	route: 'stickiness',
	needs: ['activity'],
	needsTime: true,
	parse: parseStickiness,
	columns: stickinessColumns,
	compile: (spec, ctx) =>
		compileStickiness(spec, {
			weekStart: ctx.dataset.weekStart,
			activity: ctx.tables.has('activity'),
			...scopeContext(ctx)
		}),
	shape: (table, spec) => shapeStickiness(table, spec)
};
