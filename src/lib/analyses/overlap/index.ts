import type { SqlAnalysis } from '../types.ts';
import { compileOverlap } from './compile.ts';
import { shapeOverlap } from './shape.ts';
import {
	overlapColumns,
	parseOverlap,
	type OverlapResult,
	type OverlapSpec,
	type OverlapSpecInput
} from './spec.ts';

/** How many users each pair of segments shares: the overlap matrix of the segments page. */
export const overlap: SqlAnalysis<'overlap', OverlapSpecInput, OverlapSpec, OverlapResult> = {
	kind: 'overlap',
	version: 1,
	label: 'Segment overlap',
	description: 'How many users each pair of saved segments has in common.',
	route: 'overlap',
	nav: false,
	needs: ['users'],
	needsTime: true,
	parse: parseOverlap,
	columns: overlapColumns,
	compile: (spec, ctx) => compileOverlap(spec, { asOfMs: null, columns: [...ctx.columns.keys()] }),
	shape: (table, spec) => shapeOverlap(table, spec)
};
