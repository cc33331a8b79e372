// The engine worker's API shape (runner.ts `EngineApiLike`) over a real EngineCore under Node, for the tests of
// the result runner and its caches.
import type { EngineCore } from '../../../src/lib/engine/core.ts';
import type { EngineApiLike } from '../../../src/lib/engine/runner.ts';
import type { AnalysisSpec } from '../../../src/lib/analyses/registry.ts';

/** `core` behind the worker's API; `calls` lists every spec the engine was asked to run, in order. */
export function workerApi(core: EngineCore): { api: EngineApiLike; calls: AnalysisSpec[] } {
	const calls: AnalysisSpec[] = [];
	const api: EngineApiLike = {
		async run(spec, jobId) {
			calls.push(spec);
			return { ...(await core.run(spec, { jobId })), fingerprint: core.fingerprint };
		},
		cancel: (jobId) => core.cancel(jobId)
	};
	return { api, calls };
}
