import type { SqlAnalysis } from '../types.ts';
import { scopeContext } from '../scope.ts';
import { compileEngagement } from './compile.ts';
import { shapeEngagement } from './shape.ts';
import {
	engagementColumns,
	parseEngagement,
	type EngagementResult,
	type EngagementSpec,
	type EngagementSpecInput
} from './spec.ts';

/** A weighted score of what each user did, its distribution and the top users (SEMANTICS §6). */
export const engagement: SqlAnalysis<'engagement', EngagementSpecInput, EngagementSpec, EngagementResult> = {
	kind: 'engagement',
	version: 1,
	label: 'Engagement',
	description: 'A score per user from weighted events: its distribution, and who scores highest.',
	route: 'engagement',
	needs: ['activity', 'users'],
	needsTime: true,
	parse: parseEngagement,
	columns: engagementColumns,
	compile: (spec, ctx) =>
		compileEngagement(spec, { ...scopeContext(ctx), activity: ctx.tables.has('activity') }),
	shape: (table, spec) => shapeEngagement(table, spec)
};
