// What the threads part measures (threads.ts) and stores (results.ts): pure, shared by the part, its page
// (plain/threads-page.ts) and its section of docs/BENCHMARKS.md (threads-md.ts).
import type { Runs } from './stats.ts';

/** How the file reaches DuckDB: a File handle (FileReaderSync), a blob: URL read as HTTP, a heap copy. */
export type Way = 'handle' | 'url' | 'buffer';
/** DuckDB-WASM's single-thread build (`eh`, the one the app ships) or its threaded one (`coi`). */
export type Build = 'eh' | 'coi';

export const WAYS: Record<Way, string> = {
	handle: 'File handle (registerFileHandle, FileReaderSync)',
	url: 'blob: URL (registerFileURL, HTTP protocol)',
	buffer: 'copy into the wasm heap (registerFileBuffer)'
};

/** The setups measured: the shipped single-thread build, then the threaded build at 1 and 2 threads. */
export const SETUPS: { build: Build; threads: number }[] = [
	{ build: 'eh', threads: 1 },
	{ build: 'coi', threads: 1 },
	{ build: 'coi', threads: 2 }
];

/** One setup and way over every run. A setup that failed has `errors` and no times. */
export interface ThreadsSetup {
	build: Build;
	threads: number;
	way: Way;
	read?: Runs;
	query?: Runs;
	/** CPU ms (user + system) of the tab's renderer during the read and during the query. */
	readCpu?: Runs;
	queryCpu?: Runs;
	rows: number[];
	errors: string[];
	/** Whether GROUPED's result equals the `eh` file handle's (the shipped path's) in every run. */
	sameResult: boolean;
}

export interface ThreadsMeasure {
	/** Whether the page was cross-origin isolated by the service worker (threads need it). */
	isolated: boolean;
	version: string;
	/** navigator.hardwareConcurrency as the page saw it. */
	cores: number;
	setups: ThreadsSetup[];
	/** `uptime` load averages before each round and after the last. */
	loads: string[];
}

export const setupName = (s: { build: Build; threads: number; way: Way }) =>
	`${s.build}, ${s.threads} thread${s.threads > 1 ? 's' : ''}, ${s.way}`;
