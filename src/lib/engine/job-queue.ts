import { CancelledError } from './duck.ts';

/** Lower runs first: the chart on screen before background work. */
export const Priority = { visible: 0, background: 10 } as const;

interface Waiting {
	priority: number;
	seq: number;
	start: () => void;
}

/**
 * Runs jobs one at a time (DuckDB in the worker has one connection), lower priority number first, in arrival
 * order within a priority. A job aborted while it waits never starts; one aborted while it runs is asked to
 * stop through `cancel(jobId)` and rejects with CancelledError once it settles, even if it finished anyway.
 */
export class JobQueue {
	#waiting: Waiting[] = [];
	#busy = false;
	#seq = 0;

	run<T>(
		priority: number,
		signal: AbortSignal | undefined,
		job: (jobId: string) => Promise<T>,
		cancel: (jobId: string) => unknown
	): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			if (signal?.aborted) return reject(new CancelledError());
			const jobId = crypto.randomUUID();
			let started = false;
			const entry: Waiting = {
				priority,
				seq: this.#seq++,
				start: () => {
					started = true;
					void new Promise<T>((r) => r(job(jobId)))
						.then(
							(value) => (signal?.aborted ? reject(new CancelledError()) : resolve(value)),
							(e: unknown) => reject(signal?.aborted || isCancel(e) ? new CancelledError() : e)
						)
						.finally(() => {
							signal?.removeEventListener('abort', onAbort);
							this.#busy = false;
							this.#next();
						});
				}
			};
			const onAbort = () => {
				if (started) {
					// A worker that cannot be reached to cancel still settles (or crashes) the job itself.
					new Promise((r) => r(cancel(jobId))).catch(() => {});
				} else {
					this.#waiting = this.#waiting.filter((w) => w !== entry);
					reject(new CancelledError());
				}
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			this.#waiting.push(entry);
			this.#waiting.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
			this.#next();
		});
	}

	#next() {
		if (this.#busy) return;
		const entry = this.#waiting.shift();
		if (!entry) return;
		this.#busy = true;
		entry.start();
	}
}

/** Comlink rebuilds a thrown error from its name and message only, so the class is lost on the way back. */
function isCancel(e: unknown): boolean {
	return e instanceof Error && (e.name === 'CancelledError' || e.message === 'Cancelled');
}
