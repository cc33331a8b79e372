import type { SqlAnalysis } from '../types.ts';
import { scopeContext } from '../scope.ts';
import { compileRetention } from './compile.ts';
import { shapeRetention } from './shape.ts';
import {
	parseRetention,
	retentionColumns,
	type ResolvedRetentionSpec,
	type RetentionResult,
	type RetentionSpecInput
} from './spec.ts';

/** Cohorts and retention (SEMANTICS §2). */
export const retention: SqlAnalysis<'retention', RetentionSpecInput, ResolvedRetentionSpec, RetentionResult> =
	{
		kind: 'retention',
		version: 1,
		label: 'Retention',
		description: 'Of the users who started in each period, how many came back in the periods after.',
		route: 'retention',
		needs: ['activity'],
		needsTime: true,
		parse: parseRetention,
		columns: retentionColumns,
		compile: (spec, ctx) =>
			compileRetention(spec, {
				weekStart: ctx.dataset.weekStart,
				activity: ctx.tables.has('activity'),
				scope: scopeContext(ctx)
			}),
		shape: (table, spec) => shapeRetention(table, spec)
	};
