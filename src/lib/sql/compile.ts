import type { Table } from 'apache-arrow';
import type { AnalysisSpec, RetentionResult } from '../spec/types.ts';
import { withAnalysisDefaults } from '../spec/defaults.ts';
import { compileRetention } from './compile-retention.ts';
import { shapeRetention } from './shape-retention.ts';

export interface CompileContext {
	weekStart: 'monday' | 'sunday';
	/** True when the dataset's `activity` table exists (engine/activity.ts). */
	activity?: boolean;
}

export type AnalysisResult = RetentionResult;

/** One entry per analysis kind: spec → SQL. Pure. */
export function compile(spec: AnalysisSpec, ctx: CompileContext): string {
	const full = withAnalysisDefaults(spec);
	switch (full.kind) {
		case 'retention':
			return compileRetention(full, ctx);
	}
}

/** Arrow result of `compile(spec)` → the SEMANTICS result shape. Pure. */
export function shape(spec: AnalysisSpec, table: Table): AnalysisResult {
	const full = withAnalysisDefaults(spec);
	switch (full.kind) {
		case 'retention':
			return shapeRetention(table, full);
	}
}
