import type { ExecuteAnalysis } from '../types.ts';
import { executeFunnel } from './execute.ts';
import {
	funnelColumns,
	parseFunnel,
	type FunnelResult,
	type FunnelSpec,
	type FunnelSpecInput
} from './spec.ts';

/** Where users drop off between steps, with time to convert and a conversion trend (SEMANTICS §3). */
export const funnel: ExecuteAnalysis<'funnel', FunnelSpecInput, FunnelSpec, FunnelResult> = {
	kind: 'funnel',
	version: 1,
	label: 'Funnels',
	description: 'Where users drop off between steps, how long they take, and how conversion moves over time.',
	route: 'funnels',
	needs: [],
	needsTime: true,
	parse: parseFunnel,
	columns: funnelColumns,
	execute: executeFunnel
};
