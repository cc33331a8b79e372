import type { SqlAnalysis } from '../types.ts';
import { scopeContext } from '../scope.ts';
import { compileRfm } from './compile.ts';
import { shapeRfm } from './shape.ts';
import { parseRfm, rfmColumns, type RfmResult, type RfmSpec, type RfmSpecInput } from './spec.ts';

/** Recency, frequency and monetary scores by quantile bins, and the named segments (SEMANTICS §5). */
export const rfm: SqlAnalysis<'rfm', RfmSpecInput, RfmSpec, RfmResult> = {
	kind: 'rfm',
	version: 1,
	label: 'RFM',
	description: 'Who bought recently, often and for how much: scores, a grid, and the classic segments.',
	route: 'rfm',
	needs: [],
	needsTime: true,
	parse: parseRfm,
	columns: rfmColumns,
	compile: (spec, ctx) => compileRfm(spec, scopeContext(ctx)),
	shape: (table, spec) => shapeRfm(table, spec)
};
