import { untrack } from 'svelte';
import { page } from '$app/state';
import { replaceState } from '$app/navigation';
import { CancelledError, Priority } from '../../engine/client.ts';
import {
	ANALYSES,
	type AnalysisKind,
	type ResultOf,
	type SpecInputOf,
	type SpecOf
} from '../../analyses/registry.ts';
import type { Scope } from '../../spec/scope.ts';
import { openingAnalysis, writeUrlAnalysis } from '../../analyses/url-state.ts';
import type { WorkbenchModel } from '../workbench/WorkbenchModel.svelte.ts';
import { segmentMatchesNoUserMessage, userMessage } from '../../messages.ts';
import type { SegmentRule } from '../../spec/segment-rule.ts';

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
	/**
	 * True while the run is computed: its result was in neither cache (until then a run is a look-up, shown
	 * as nothing, so a cached result never flashes "Computing…").
	 */
	computing = $state(false);
	/** True once `cancel()` stopped a run, until the next run starts. */
	cancelled = $state(false);
	/**
	 * When the spec's segment matches no user of the data, the sentence that says so (ResultFrame shows it in
	 * place of the result and any error); null otherwise, and until the segment is counted.
	 */
	emptySegment = $state<string | null>(null);
	/** The count of the users of the segment in force: its rule and dataset as `key`. */
	#segmentCount: { key: string; users: Promise<number> } | null = null;
	#again = $state(0);
	#abort: AbortController | null = null;
	readonly #workbench: () => WorkbenchModel;

	/**
	 * `restore` receives, before the first run, the spec the page address carries for this page's analysis
	 * (issue 13: a reload, a bookmark, the back button), or else the last one this tab showed of that kind
	 * (the menu, which links to the bare page), parsed by the registry; the model sets its controls from it, so
	 * every analysis keeps its settings while the user moves around (as PostHog and Amplitude keep an
	 * insight's). The address's date range and saved segment become the workbench's scope; the last settings'
	 * do not (the scope is every analysis's: the one in force stays). From then on the address follows the spec
	 * of the page's own kind. Every screen's main query passes its model's `restore`; null for a query that is
	 * not its page's own (a tile, a second query of another shape), which then writes no address either.
	 */
	constructor(
		workbench: () => WorkbenchModel,
		spec: () => SpecInputOf<K> | null,
		restore: ((spec: SpecOf<K>) => void) | null
	) {
		this.#workbench = workbench;
		// From the address itself: on the back button, SvelteKit may build the screen before `page` follows.
		const path = location.pathname.replace(/\/+$/, '');
		const found = ANALYSES.find((a) => path.endsWith(`/${a.route}`))?.kind ?? null;
		const pageKind = restore ? found : null;
		if (restore && pageKind) untrack(() => restoreFromAddress(workbench(), pageKind, restore));
		$effect(() => {
			const s = spec();
			if (!s || !pageKind || s.kind !== pageKind) return;
			const segmentId = workbench().scopeSegmentId;
			const search = writeUrlAnalysis(location.search, s, segmentId);
			lastOfKind(pageKind, search);
			if (search === location.search) return;
			// The page's own path with new settings: nothing to resolve against the base path.
			// eslint-disable-next-line svelte/no-navigation-without-resolve
			untrack(() => replaceState(search, page.state));
		});
		$effect(() => {
			const s = spec();
			// A new dataset (fingerprint) reruns the same spec; refetch() reruns it on demand.
			void workbench().fingerprint;
			void this.#again;
			if (!s) return;
			const abort = new AbortController();
			this.#abort = abort;
			this.cancelled = false;
			const segment = (s as { segment?: { compare?: boolean } | null }).segment;
			const all = segment?.compare ? ({ ...s, segment: null } as SpecInputOf<K>) : null;
			// A result this tab holds is shown at once, in the same frame as the screen (issue 13: ≤ 50 ms).
			if (!untrack(() => this.#fromMemory(workbench(), s))) void this.#run(workbench(), s, abort.signal);
			if (all) void this.#runBaseline(workbench(), all, abort.signal);
			else this.baseline = null;
			void this.#countSegment(workbench(), s, abort.signal);
			return () => abort.abort();
		});
	}

	/** Runs the current spec again (the cache still answers when it holds the result). Bound: pass it as is. */
	refetch = () => {
		this.#again++;
	};

	/**
	 * Stops the run in progress (the engine drops the job, DuckDB interrupts its query) and keeps the last
	 * result on screen; `cancelled` says so until the spec changes or `refetch()`. Bound: pass it as is.
	 */
	cancel = () => {
		if (!this.running || !this.#abort) return;
		this.#abort.abort();
		this.running = this.computing = false;
		this.cancelled = true;
	};

	/** Shows the result of `spec` from the engine's memory when it holds it; false when it does not. */
	#fromMemory(workbench: WorkbenchModel, spec: SpecInputOf<K>): boolean {
		const out = workbench.engine.peek?.(spec);
		if (!out) return false;
		this.result = out.result;
		this.ms = out.ms;
		this.cached = true;
		this.error = null;
		this.running = this.computing = false;
		return true;
	}

	async #run(workbench: WorkbenchModel, spec: SpecInputOf<K>, signal: AbortSignal) {
		this.running = true;
		this.computing = false;
		this.error = null;
		try {
			const out = await workbench.engine.run(spec, {
				signal,
				priority: Priority.visible,
				onQueued: () => {
					if (!signal.aborted) this.computing = true;
				}
			});
			if (signal.aborted) return;
			this.result = out.result;
			this.ms = out.ms;
			this.cached = out.cached;
		} catch (e) {
			if (e instanceof CancelledError || signal.aborted) return;
			this.error = userMessage(e, { doing: 'analysis' });
		} finally {
			if (!signal.aborted) this.running = this.computing = false;
		}
	}

	async #runBaseline(workbench: WorkbenchModel, spec: SpecInputOf<K>, signal: AbortSignal) {
		// Before any await: a baseline this tab holds is drawn in the same frame as the segment's result.
		const seen = untrack(() => workbench.engine.peek?.(spec));
		if (seen) {
			this.baseline = seen.result;
			return;
		}
		try {
			const out = await workbench.engine.run(spec, { signal, priority: Priority.visible });
			if (!signal.aborted) this.baseline = out.result;
		} catch (e) {
			if (!(e instanceof CancelledError) && !signal.aborted)
				this.error = userMessage(e, { doing: 'analysis' });
		}
	}

	/**
	 * Counts the users of the spec's segment (the sidebar's count of a saved segment is the same spec, so the
	 * cache answers), once per rule and dataset, shared by the runs that need it: an empty segment is then said
	 * the same on every analysis (the RFM screen had blamed its event). A failed count is left to the
	 * analysis's own run to report, and tried again on the next.
	 */
	async #countSegment(workbench: WorkbenchModel, spec: SpecInputOf<K>, signal: AbortSignal) {
		const segment = (spec as { segment?: { rule?: SegmentRule } | null }).segment;
		const rule = segment?.rule;
		const key = rule ? `${workbench.fingerprint}\n${JSON.stringify(rule)}` : '';
		if (key !== this.#segmentCount?.key) {
			this.emptySegment = null;
			this.#segmentCount = rule
				? {
						key,
						users: workbench.engine
							.run<'segment'>({ kind: 'segment', rule }, { priority: Priority.visible })
							.then((out) => out.result.users)
					}
				: null;
		}
		const count = this.#segmentCount;
		if (!count) return;
		try {
			const users = await count.users;
			if (signal.aborted || count !== this.#segmentCount) return;
			const name = workbench.segments.find((s) => s.id === workbench.scopeSegmentId)?.name ?? null;
			this.emptySegment = users === 0 ? segmentMatchesNoUserMessage(name) : null;
		} catch {
			if (count === this.#segmentCount) this.#segmentCount = null;
		}
	}

	/**
	 * The name of the dataset this run waits for while a reopened workspace's kept files load again (the
	 * result was not in the kept results, so it comes once the data is back); null otherwise.
	 */
	get waitingFor(): string | null {
		const wb = this.#workbench();
		return this.computing && wb.restoring ? (wb.source?.label ?? wb.loadingLabel) : null;
	}

	/** `running`, `ready` or `empty`: the `data-state` of every analysis result for scripts and tests. */
	get state(): 'running' | 'ready' | 'empty' {
		return this.running ? 'running' : this.result ? 'ready' : 'empty';
	}
}

/**
 * The address this tab last showed for `kind` (sessionStorage), written when `params` is given. The back button
 * returns to a page's own address, without the settings SvelteKit's `replaceState` added to it (it keeps the
 * page's URL in its history state): the last settings of that kind in this tab are what the user left.
 */
function lastOfKind(kind: string, search?: string): string | null {
	const key = `footfall-analysis-${kind}`;
	try {
		if (search !== undefined) sessionStorage.setItem(key, search);
		else return sessionStorage.getItem(key);
	} catch {
		// Storage refused (private mode): the address alone then.
	}
	return null;
}

/** Sets the model's controls (and, from the address itself, the workbench's scope): url-state.ts `openingAnalysis`. */
function restoreFromAddress<K extends AnalysisKind>(
	workbench: WorkbenchModel,
	kind: string,
	restore: (spec: SpecOf<K>) => void
) {
	const found = openingAnalysis(location.search, lastOfKind(kind), kind);
	if (found.spec) restore(found.spec as SpecOf<K>);
	if (!found.withScope) return;
	const { dateRange } = (found.spec ?? {}) as { dateRange?: Scope['dateRange'] };
	if (dateRange !== undefined) workbench.scope = { ...workbench.scope, dateRange };
	if (found.segmentId && workbench.segments.some((s) => s.id === found.segmentId))
		workbench.useSegment(found.segmentId, found.compare);
}
