import type { ExecuteAnalysis } from '../types.ts';
import { executeDbscan } from './execute.ts';
import {
	dbscanColumns,
	parseDbscan,
	type DbscanKDistanceResult,
	type DbscanResult,
	type DbscanSpec,
	type DbscanSpecInput
} from './spec.ts';

/**
 * Groups of users packed densely in feature space, of any shape, and the users who belong to none (DBSCAN,
 * SEMANTICS §8), with the k-distance curve that helps choose eps.
 */
export const dbscan: ExecuteAnalysis<
	'dbscan',
	DbscanSpecInput,
	DbscanSpec,
	DbscanResult | DbscanKDistanceResult
> = {
	kind: 'dbscan',
	version: 1,
	label: 'Density clusters',
	description:
		'Groups of users packed closely together by the features you choose, and the outliers in none of them (DBSCAN).',
	route: 'density-clusters',
	// The users table comes with `events.__session`, which the session features count.
	needs: ['users'],
	needsTime: false,
	parse: parseDbscan,
	columns: dbscanColumns,
	execute: executeDbscan
};
