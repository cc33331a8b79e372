import { getContext, setContext } from 'svelte';
import type { WorkspaceSession } from './WorkspaceSession.svelte.ts';

const KEY = Symbol('workspace');

/** The workspace session is made in the browser after first paint; until then (and while prerendering) null. */
export interface WorkspaceSlot {
	readonly current: WorkspaceSession | null;
}

export function provideWorkspace(slot: WorkspaceSlot) {
	setContext(KEY, slot);
}

export function useWorkspace(): WorkspaceSlot {
	return getContext<WorkspaceSlot>(KEY);
}
