/**
 * The analysis seam (docs/ARCHITECTURE.md): every analysis is one definition object in its own folder and one
 * line in registry.ts. Validation, defaults, hashing, the engine's run, the CLI, the result cache and the
 * navigation all read the definitions; nothing outside an analysis's folder switches on its kind.
 */
import type { Table } from 'apache-arrow';
import type { DatasetSpec } from '../spec/types.ts';

/**
 * Tables the engine derives from `events` on demand, once per dataset (src/lib/sql/schema.ts;
 * `sessionEvents`: src/lib/sql/session-events.ts, which needs `sessions` first).
 */
export type DerivedTable = 'activity' | 'sessions' | 'users' | 'sessionEvents';

/** What a compiler or `execute` knows about the loaded dataset. */
export interface AnalysisContext {
	/** The dataset in force, defaults applied: mapping, time zone of calendar bucketing, week start. */
	dataset: DatasetSpec & Required<Pick<DatasetSpec, 'timezone' | 'weekStart'>>;
	/** Original columns of `events` and their DuckDB types. */
	columns: ReadonlyMap<string, string>;
	/** Derived tables that exist and are current. */
	tables: ReadonlySet<DerivedTable>;
	/** First and last event time in the data, UTC milliseconds (null when no row has a time). */
	firstEventMs: number | null;
	lastEventMs: number | null;
}

/**
 * What a run hands back across the worker boundary: a SQL analysis's Arrow IPC stream bytes (shaped on the
 * receiving side, so a large table crosses as one transferable buffer), or an `execute` analysis's result.
 * `ms`: milliseconds the engine took.
 */
export type RunAnswer =
	{ ipc: Uint8Array; result?: undefined; ms: number } | { ipc?: undefined; result: unknown; ms: number };

/** A reference from a spec to a column of the data, with the spec path that names it (for messages). */
export interface ColumnReference {
	path: string;
	column: string;
}

/** The engine as an `execute` analysis sees it, in the worker (or the Node process of the CLI). */
export interface AnalysisEngine {
	/** Runs SQL (built only from the quoting helpers) and returns the result as an Arrow table. */
	query(sql: string): Promise<Table>;
	/** True once the caller has cancelled; long computations poll it between steps and stop. */
	isCancelled(): boolean;
}

interface Common<K extends string, I, S> {
	kind: K;
	/** Part of the cache key: bump when a change alters this analysis's results, and only its cache goes. */
	version: number;
	/** Name in the navigation and page titles. */
	label: string;
	/** One line on what it answers, under the page title. */
	description: string;
	/** Path segment of its page: `/retention/`. */
	route: string;
	/**
	 * False for an analysis drawn inside another's screen (segment overlap, on the segments page): it keeps
	 * its page, kind and cache, without an entry of its own in the navigation.
	 */
	nav?: false;
	/** Derived tables the engine must build before it runs. */
	needs: readonly DerivedTable[];
	/** True when it buckets or orders events by time, so the dataset needs a time column. */
	needsTime: boolean;
	/**
	 * With `needsTime`: true for a spec of this kind that uses no time after all (a segment that is a fixed
	 * list of users, such as a cluster saved from data without times), which then runs on such data.
	 */
	timeless?(spec: S): boolean;
	/**
	 * True for the screen a freshly loaded dataset with no time column opens on (a table of one row per
	 * customer, issue 12): the first analysis of the registry with it. Others leave it out.
	 */
	opensTimeless?: true;
	/**
	 * Checks unknown input at `path` (JSON from a spec file, the UI or a workspace) and returns the spec with
	 * every default filled in. Throws `SpecError` naming the offending field. `parse(parse(x))` equals
	 * `parse(x)`, so equal specs hash equally however they were written.
	 */
	parse(input: unknown, path?: string): S;
	/** The data columns the spec refers to, for a clear message when one is not in the data. */
	columns(spec: S): ColumnReference[];
	/** Phantom: the spec as a person writes it (every default optional). Never read at run time. */
	readonly input?: I;
}

/** An analysis that is one SQL query: compiled (pure), run by DuckDB, the Arrow result shaped (pure). */
export interface SqlAnalysis<K extends string, I, S, R> extends Common<K, I, S> {
	compile(spec: S, ctx: AnalysisContext): string;
	shape(table: Table, spec: S, ctx?: AnalysisContext): R;
}

/** An analysis computed in the worker on typed arrays pulled from DuckDB (k-means, models, tests). */
export interface ExecuteAnalysis<K extends string, I, S, R> extends Common<K, I, S> {
	execute(engine: AnalysisEngine, spec: S, ctx: AnalysisContext): Promise<R>;
}

export type AnalysisDefinition<K extends string = string, I = unknown, S = unknown, R = unknown> =
	SqlAnalysis<K, I, S, R> | ExecuteAnalysis<K, I, S, R>;

/**
 * Any definition, as the shared machinery (engine, runner, CLI) holds it without knowing its kind. A spec
 * passed to its functions must come from the same definition's `parse`; call sites say so with `as never`.
 */
export interface RuntimeAnalysis extends Omit<Common<string, unknown, unknown>, 'columns' | 'timeless'> {
	columns(spec: never): ColumnReference[];
	timeless?(spec: never): boolean;
	compile?(spec: never, ctx: AnalysisContext): string;
	shape?(table: Table, spec: never, ctx?: AnalysisContext): unknown;
	execute?(engine: AnalysisEngine, spec: never, ctx: AnalysisContext): Promise<unknown>;
}
