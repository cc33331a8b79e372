import type { DatasetInput } from '../../engine/ingest/index.ts';

/** The dataset in force: its files, its name on screen and the options it was loaded with. */
export interface DatasetSource {
	files: File[];
	label: string;
	input: DatasetInput;
}

/**
 * Who asked for a load. The user (a drop, a pick, the "Demo data" button) always wins: a new user load
 * cancels whatever is loading. A background load (the demo on first open) never starts once the user has
 * chosen a file, never interrupts a load in progress, and is cancelled by any user load.
 */
export type LoadOrigin = 'user' | 'background';

/** What a load reads, once it has it: the files and the dataset options for them. */
export interface LoadRequest {
	files: File[];
	input?: DatasetInput;
}

/** How a load gets what it reads: `signal` is the load's (a newer user load aborts it), `onBytes` its download. */
export type LoadGetter = (
	signal: AbortSignal,
	onBytes: (bytes: number, total: number | null) => void
) => Promise<LoadRequest>;
