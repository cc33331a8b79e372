import type { ExecuteAnalysis } from '../types.ts';
import { executeKmeans } from './execute.ts';
import {
	kmeansColumns,
	parseKmeans,
	type KmeansElbowResult,
	type KmeansResult,
	type KmeansSpec,
	type KmeansSpecInput
} from './spec.ts';

/** Natural groups of users by their features: k-means, its elbow, profiles and a 2-D map (SEMANTICS §8). */
export const kmeans: ExecuteAnalysis<
	'kmeans',
	KmeansSpecInput,
	KmeansSpec,
	KmeansResult | KmeansElbowResult
> = {
	kind: 'kmeans',
	version: 1,
	label: 'Clusters',
	description: 'Which natural groups your users fall into, by the features you choose (k-means).',
	route: 'clusters',
	// The users table comes with `events.__session`, which the session features count.
	needs: ['users'],
	needsTime: false,
	opensTimeless: true,
	parse: parseKmeans,
	columns: kmeansColumns,
	execute: executeKmeans
};
