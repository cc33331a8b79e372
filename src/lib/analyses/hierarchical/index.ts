import type { ExecuteAnalysis } from '../types.ts';
import { executeHierarchical } from './execute.ts';
import {
	hierarchicalColumns,
	parseHierarchical,
	type HierarchicalResult,
	type HierarchicalSpec,
	type HierarchicalSpecInput
} from './spec.ts';

/**
 * Nested groups of users by their features: Ward's agglomerative clustering, its dendrogram cut at a height
 * or a number of clusters, with the k-means screen's profiles and 2-D map (SEMANTICS §8, issue 12).
 */
export const hierarchical: ExecuteAnalysis<
	'hierarchical',
	HierarchicalSpecInput,
	HierarchicalSpec,
	HierarchicalResult
> = {
	kind: 'hierarchical',
	version: 1,
	label: 'Cluster tree',
	description:
		'Nested groups of your users by the features you choose (Ward hierarchical clustering): cut the tree where you like.',
	route: 'cluster-tree',
	// The users table comes with `events.__session`, which the session features count.
	needs: ['users'],
	needsTime: false,
	parse: parseHierarchical,
	columns: hierarchicalColumns,
	execute: executeHierarchical
};
