/**
 * The screen of each analysis, found by convention (`<kind>/View.svelte`) and loaded on demand, so adding an
 * analysis adds no line here. Browser only: the CLI and the worker never import this file.
 */
import type { Component } from 'svelte';
import type { WorkbenchModel } from '../components/workbench/WorkbenchModel.svelte.ts';

type View = Component<{ workbench: WorkbenchModel }>;

const views = import.meta.glob<{ default: View }>('./*/View.svelte');
const loaded = new Map<string, View>();

/**
 * The screen of `kind`: the component itself once loaded, else a promise of it. A screen opened before is
 * drawn in the same task as the route change (issue 13: a cached result on screen ≤ 50 ms), where awaiting
 * even a loaded module's `import()` costs a task, a frame without it, and (in an `{#await}` keyed on the
 * kind) a remount of the previous screen. Throws when the analysis has no View.svelte.
 */
export function viewOf(kind: string): View | Promise<View> {
	const seen = loaded.get(kind);
	if (seen) return seen;
	const load = views[`./${kind}/View.svelte`];
	if (!load) throw new Error(`The ${kind} analysis has no View.svelte`);
	return load().then((m) => {
		loaded.set(kind, m.default);
		return m.default;
	});
}
