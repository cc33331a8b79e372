import { describe, expect, test, vi } from 'vitest';
import { CancelledError } from '../../src/lib/engine/duck.ts';
import { JobQueue, Priority } from '../../src/lib/engine/job-queue.ts';
import { deferred } from './support/fake-engine.ts';

/** Lets every pending promise callback and timer of this tick run. */
const settle = () => new Promise((r) => setTimeout(r, 0));

const noCancel = () => {};

/** Watches a promise without handling it for the test: `state()` says whether it settled yet. */
function watch(p: Promise<unknown>) {
	let state: 'pending' | 'resolved' | 'rejected' = 'pending';
	p.then(
		() => (state = 'resolved'),
		() => (state = 'rejected')
	);
	return () => state;
}

describe('JobQueue', () => {
	test('a visible job queued after background jobs runs before them; FIFO within a priority', async () => {
		const q = new JobQueue();
		const started: string[] = [];
		const gate = deferred();
		const job = (name: string, wait?: Promise<void>) => async () => {
			started.push(name);
			await wait;
			return name;
		};
		const runs = [
			q.run(Priority.background, undefined, job('bg0', gate.promise), noCancel),
			q.run(Priority.background, undefined, job('bg1'), noCancel),
			q.run(Priority.background, undefined, job('bg2'), noCancel),
			q.run(Priority.visible, undefined, job('vis1'), noCancel),
			q.run(Priority.visible, undefined, job('vis2'), noCancel),
			q.run(5, undefined, job('mid'), noCancel)
		];
		await settle();
		expect(started).toEqual(['bg0']);
		gate.resolve();
		expect(await Promise.all(runs)).toEqual(['bg0', 'bg1', 'bg2', 'vis1', 'vis2', 'mid']);
		expect(started).toEqual(['bg0', 'vis1', 'vis2', 'mid', 'bg1', 'bg2']);
	});

	test('runs one job at a time', async () => {
		const q = new JobQueue();
		let active = 0;
		let most = 0;
		const done: number[] = [];
		const runs = Array.from({ length: 24 }, (_, i) =>
			q.run(
				i % 3 === 0 ? Priority.visible : Priority.background,
				undefined,
				async () => {
					active++;
					most = Math.max(most, active);
					await new Promise((r) => setTimeout(r, (i * 7) % 5));
					active--;
					done.push(i);
					return i * i;
				},
				noCancel
			)
		);
		const results = await Promise.all(runs);
		expect(results).toEqual(Array.from({ length: 24 }, (_, i) => i * i));
		expect(most).toBe(1);
		expect(done).toHaveLength(24);
	});

	test('a job aborted while queued never starts and rejects with CancelledError', async () => {
		const q = new JobQueue();
		const gate = deferred();
		const first = q.run(Priority.visible, undefined, () => gate.promise.then(() => 'first'), noCancel);
		const abort = new AbortController();
		const queuedJob = vi.fn(async () => 'never');
		const cancel = vi.fn();
		const queued = q.run(Priority.visible, abort.signal, queuedJob, cancel);
		const after = q.run(Priority.background, undefined, async () => 'after', noCancel);
		abort.abort();
		await expect(queued).rejects.toBeInstanceOf(CancelledError);
		gate.resolve();
		expect(await first).toBe('first');
		expect(await after).toBe('after');
		expect(queuedJob).not.toHaveBeenCalled();
		expect(cancel).not.toHaveBeenCalled();
	});

	test('a signal aborted before run never starts the job', async () => {
		const q = new JobQueue();
		const job = vi.fn(async () => 1);
		await expect(q.run(Priority.visible, AbortSignal.abort(), job, noCancel)).rejects.toBeInstanceOf(
			CancelledError
		);
		expect(job).not.toHaveBeenCalled();
		expect(await q.run(Priority.visible, undefined, async () => 2, noCancel)).toBe(2);
	});

	test('a job aborted while running is cancelled by its id and rejects once it settles', async () => {
		const q = new JobQueue();
		const answer = deferred<string>();
		let seenId = '';
		const cancel = vi.fn();
		const abort = new AbortController();
		const running = q.run(
			Priority.visible,
			abort.signal,
			(jobId) => {
				seenId = jobId;
				return answer.promise;
			},
			cancel
		);
		const nextJob = vi.fn(async () => 'next');
		const next = q.run(Priority.visible, undefined, nextJob, noCancel);
		const state = watch(running);
		abort.abort();
		expect(cancel).toHaveBeenCalledTimes(1);
		expect(cancel).toHaveBeenCalledWith(seenId);
		expect(seenId).not.toBe('');
		await settle();
		// Still running in the worker: neither settled nor replaced by the next job.
		expect(state()).toBe('pending');
		expect(nextJob).not.toHaveBeenCalled();
		// The worker finished before it saw the cancel: the caller still gets CancelledError.
		answer.resolve('too late');
		await expect(running).rejects.toBeInstanceOf(CancelledError);
		expect(await next).toBe('next');
	});

	test('a cancel answered with an error becomes CancelledError, and job ids differ', async () => {
		const q = new JobQueue();
		const ids: string[] = [];
		const cancel = vi.fn();
		const abort = new AbortController();
		const answer = deferred<never>();
		const running = q.run(
			Priority.visible,
			abort.signal,
			(jobId) => {
				ids.push(jobId);
				return answer.promise;
			},
			cancel
		);
		abort.abort();
		// What comlink hands back for a CancelledError thrown in the worker: a plain Error with its name.
		answer.reject(Object.assign(new Error('Cancelled'), { name: 'CancelledError' }));
		await expect(running).rejects.toBeInstanceOf(CancelledError);
		await q.run(Priority.visible, undefined, async (jobId) => ids.push(jobId), noCancel);
		expect(cancel).toHaveBeenCalledWith(ids[0]);
		expect(ids).toHaveLength(2);
		expect(ids[0]).not.toBe(ids[1]);
	});

	test('a cancel that cannot reach the worker does not break the queue', async () => {
		const q = new JobQueue();
		const abort = new AbortController();
		const answer = deferred<number>();
		const running = q.run(
			Priority.visible,
			abort.signal,
			() => answer.promise,
			() => {
				throw new Error('worker gone');
			}
		);
		abort.abort();
		answer.resolve(1);
		await expect(running).rejects.toBeInstanceOf(CancelledError);
		expect(await q.run(Priority.visible, undefined, async () => 2, noCancel)).toBe(2);
	});

	test('a failing job rejects with its own error and the queue goes on', async () => {
		const q = new JobQueue();
		const boom = new Error('boom');
		const failing = q.run(
			Priority.visible,
			undefined,
			async () => {
				throw boom;
			},
			noCancel
		);
		const throwsAtOnce = q.run(
			Priority.visible,
			undefined,
			() => {
				throw new TypeError('sync');
			},
			noCancel
		);
		const ok = q.run(Priority.background, undefined, async () => 'ok', noCancel);
		await expect(failing).rejects.toBe(boom);
		await expect(throwsAtOnce).rejects.toThrow(TypeError);
		expect(await ok).toBe('ok');
	});
});
