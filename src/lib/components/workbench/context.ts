import { getContext, setContext } from 'svelte';
import type { WorkbenchModel } from './WorkbenchModel.svelte.ts';

const KEY = Symbol('workbench');

/** The workbench is made in the browser after first paint; until then (and while prerendering) it is null. */
export interface WorkbenchSlot {
	readonly current: WorkbenchModel | null;
}

export function provideWorkbench(slot: WorkbenchSlot) {
	setContext(KEY, slot);
}

export function useWorkbench(): WorkbenchSlot {
	return getContext<WorkbenchSlot>(KEY);
}
