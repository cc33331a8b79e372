/** A fake engine for the workbench model's tests: loads finish (or fail) when the test says. */
import { CancelledError } from '../../../src/lib/engine/duck.ts';
import type { Engine, EngineStart, IngestOptions, Loaded } from '../../../src/lib/engine/client.ts';
import type { DatasetInput } from '../../../src/lib/engine/ingest/index.ts';
import type { IngestReport } from '../../../src/lib/engine/ingest/report.ts';
import type { LoadRequest } from '../../../src/lib/components/workbench/WorkbenchModel.svelte.ts';
import type { DerivedSummary } from '../../../src/lib/engine/derived.ts';
import { storedReport, type StoredReport } from '../../../src/lib/workspace/stored-report.ts';

/** A promise with its resolve and reject, to settle when a test says. */
export function deferred<T = void>() {
	let resolve!: (value: T) => void;
	let reject!: (e: unknown) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

export const settle = () => new Promise((r) => setTimeout(r, 0));

export interface Call {
	name: string;
	signal: AbortSignal | undefined;
	done: ReturnType<typeof deferred<Loaded>>;
}

/** An engine whose loads finish when the test says; an aborted load rejects as the real queue does. */
export class FakeEngine implements Engine {
	calls: Call[] = [];
	/** The dataset the engine holds: the last load that finished. */
	holds: string | null = null;
	/** Every `expect` the model made, in order (a reopen's fingerprint, '' when its data is not coming). */
	expected: string[] = [];

	ready(onProgress?: (p: EngineStart) => void) {
		onProgress?.({ phase: 'ready', bytesLoaded: 1, bytesTotal: 1 });
		return Promise.resolve({ version: 'fake' });
	}
	ingest(files: File[], _input: DatasetInput, opts: IngestOptions = {}): Promise<Loaded> {
		const call: Call = {
			name: files[0].name,
			signal: opts.signal,
			done: deferred<Loaded>()
		};
		this.calls.push(call);
		opts.signal?.addEventListener('abort', () => call.done.reject(new CancelledError()));
		return call.done.promise.then((loaded) => {
			this.holds = call.name;
			return loaded;
		});
	}
	finish(name: string) {
		const call = this.calls.find((c) => c.name === name)!;
		call.done.resolve({ report: { rows: name.length } as IngestReport, fingerprint: name });
	}
	remap(): Promise<Loaded> {
		throw new Error('not used');
	}
	run(): never {
		throw new Error('not used');
	}
	derived() {
		return new Promise<never>(() => {});
	}
	distinctCounts() {
		return new Promise<never>(() => {});
	}
	expect(fingerprint: string) {
		this.expected.push(fingerprint);
	}
}

export const file = (name: string) => new File(['user,time,event\n'], name, { type: 'text/csv' });

/** A background load like the demo's: its download finishes when the test says. */
export function backgroundDownload() {
	const download = deferred<LoadRequest>();
	let signal: AbortSignal | null = null;
	return {
		get: (s: AbortSignal) => ((signal = s), download.promise),
		arrive: () => download.resolve({ files: [file('demo-shop.csv')] }),
		aborted: () => signal?.aborted ?? false
	};
}

/** A kept report of `name`'s load, as the fake engine's `finish(name)` would report it: 9 sessions, 3 users. */
export const kept = (name: string): StoredReport => ({
	...storedReport({ rows: name.length } as IngestReport, name),
	derived: { sessions: 9 } as DerivedSummary,
	distinct: [{ name: 'user', distinct: 3 }]
});
