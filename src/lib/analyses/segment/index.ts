import type { SqlAnalysis } from '../types.ts';
import { compileSegment } from './compile.ts';
import { shapeSegment } from './shape.ts';
import {
	asOfMs,
	listsOnly,
	parseSegment,
	segmentColumns,
	type SegmentResult,
	type SegmentSpec,
	type SegmentSpecInput
} from './spec.ts';

/** A set of users by a rule (SEMANTICS §4): its size, share and users. */
export const segment: SqlAnalysis<'segment', SegmentSpecInput, SegmentSpec, SegmentResult> = {
	kind: 'segment',
	version: 1,
	label: 'Segments',
	description: 'Who your users are: groups by what they did, when, and their properties.',
	route: 'segments',
	needs: ['users'],
	needsTime: true,
	timeless: (spec) => listsOnly(spec.rule),
	parse: parseSegment,
	columns: segmentColumns,
	compile: (spec, ctx) => compileSegment(spec, { asOfMs: asOfMs(spec), columns: [...ctx.columns.keys()] }),
	shape: (table, spec) => shapeSegment(table, spec)
};
