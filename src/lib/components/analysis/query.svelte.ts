import { CancelledError, Priority } from '../../engine/client.ts';
import type { AnalysisKind, ResultOf, SpecInputOf } from '../../analyses/registry.ts';
import type { WorkbenchModel } from '../workbench/WorkbenchModel.svelte.ts';
import { userMessage } from '../../messages.ts';

/**
 * The one async helper every analysis model uses (after Evidence's `rawResource.svelte.ts`): it runs the
 * spec whenever the spec or the dataset changes, cancels the run it replaces (one AbortController per run),
 * and keeps the result as raw state so a large result never becomes a deep proxy. A model only holds its
 * controls and derives the spec; `spec()` returns null while the controls are incomplete (a half-typed
 * filter), and then nothing runs.
 *
 * Construct it inside a component's script (or a model built there): it registers an `$effect`.
 */
export class AnalysisQuery<K extends AnalysisKind> {
	result = $state.raw<ResultOf<K> | null>(null);
	running = $state(false);
	error = $state<string | null>(null);
	/** Milliseconds the engine took for the result shown; 0 when it came from the cache. */
	ms = $state(0);
	cached = $state(false);
	/**
	 * With a segment and `compare: true` (SEMANTICS §1b), the same spec for all users, to draw beside the
	 * segment; null otherwise.
	 */
	baseline = $state.raw<ResultOf<K> | null>(null);
	#again = $state(0);

	constructor(workbench: () => WorkbenchModel, spec: () => SpecInputOf<K> | null) {
		$effect(() => {
			const s = spec();
			// A new dataset (fingerprint) reruns the same spec; refetch() reruns it on demand.
			void workbench().fingerprint;
			void this.#again;
			if (!s) return;
			const abort = new AbortController();
			void this.#run(workbench(), s, abort.signal);
			const segment = (s as { segment?: { compare?: boolean } | null }).segment;
			if (segment?.compare)
				void this.#runBaseline(workbench(), { ...s, segment: null } as SpecInputOf<K>, abort.signal);
			else this.baseline = null;
			return () => abort.abort();
		});
	}

	/** Runs the current spec again (the cache still answers when it holds the result). */
	refetch() {
		this.#again++;
	}

	async #run(workbench: WorkbenchModel, spec: SpecInputOf<K>, signal: AbortSignal) {
		this.running = true;
		this.error = null;
		try {
			const out = await workbench.engine.run(spec, { signal, priority: Priority.visible });
			if (signal.aborted) return;
			this.result = out.result;
			this.ms = out.ms;
			this.cached = out.cached;
		} catch (e) {
			if (e instanceof CancelledError || signal.aborted) return;
			this.error = userMessage(e, { doing: 'analysis' });
		} finally {
			if (!signal.aborted) this.running = false;
		}
	}

	async #runBaseline(workbench: WorkbenchModel, spec: SpecInputOf<K>, signal: AbortSignal) {
		try {
			const out = await workbench.engine.run(spec, { signal, priority: Priority.visible });
			if (!signal.aborted) this.baseline = out.result;
		} catch (e) {
			if (!(e instanceof CancelledError) && !signal.aborted)
				this.error = userMessage(e, { doing: 'analysis' });
		}
	}

	/** `running`, `ready` or `empty`: the `data-state` of every analysis result for scripts and tests. */
	get state(): 'running' | 'ready' | 'empty' {
		return this.running ? 'running' : this.result ? 'ready' : 'empty';
	}
}
