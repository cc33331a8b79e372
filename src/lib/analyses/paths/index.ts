import type { SqlAnalysis } from '../types.ts';
import { scopeContext } from '../scope.ts';
import { compilePaths } from './compile.ts';
import { shapePaths } from './shape.ts';
import { parsePaths, pathsColumns, type PathsResult, type PathsSpec, type PathsSpecInput } from './spec.ts';

/** What users do after an event, or did before it, step by step within sessions (SEMANTICS §7). */
export const paths: SqlAnalysis<'paths', PathsSpecInput, PathsSpec, PathsResult> = {
	kind: 'paths',
	version: 1,
	label: 'Paths',
	description: 'What users do next after an event, or did before it, step by step within a session.',
	route: 'paths',
	needs: ['sessions'],
	needsTime: true,
	parse: parsePaths,
	columns: pathsColumns,
	compile: (spec, ctx) => compilePaths(spec, scopeContext(ctx)),
	shape: (table, spec) => shapePaths(table, spec)
};
