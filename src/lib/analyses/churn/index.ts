import type { ExecuteAnalysis } from '../types.ts';
import { executeChurn } from './execute.ts';
import type { ChurnResult } from './result.ts';
import { churnColumns, parseChurn, type ChurnSpec, type ChurnSpecInput } from './spec.ts';

/** Who is about to leave: a logistic regression trained and validated out of time (SEMANTICS §8). */
export const churn: ExecuteAnalysis<'churn', ChurnSpecInput, ChurnSpec, ChurnResult> = {
	kind: 'churn',
	version: 1,
	label: 'Churn risk',
	description: 'Who is about to leave: a model of inactivity in the next days, validated on later data.',
	route: 'churn',
	needs: ['activity', 'users'],
	needsTime: true,
	parse: parseChurn,
	columns: churnColumns,
	execute: executeChurn
};
