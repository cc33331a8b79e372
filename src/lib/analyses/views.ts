/**
 * The screen of each analysis, found by convention (`<kind>/View.svelte`) and loaded on demand, so adding an
 * analysis adds no line here. Browser only: the CLI and the worker never import this file.
 */
import type { Component } from 'svelte';
import type { WorkbenchModel } from '../components/workbench/WorkbenchModel.svelte.ts';

type View = Component<{ workbench: WorkbenchModel }>;

const views = import.meta.glob<{ default: View }>('./*/View.svelte');

/** A loader of the screen of `kind`. Throws when the analysis has no View.svelte. */
export function viewOf(kind: string): () => Promise<View> {
	const load = views[`./${kind}/View.svelte`];
	if (!load) throw new Error(`The ${kind} analysis has no View.svelte`);
	return async () => (await load()).default;
}
