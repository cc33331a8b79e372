import { CancelledError, type Engine } from '../../engine/client.ts';
import type { DerivedSummary } from '../../engine/derived.ts';
import type { ColumnDistinct } from '../../engine/distinct.ts';
import { userMessage } from '../../messages.ts';

/** Where the summaries of a load land (the workbench's state), each call only while the load is current. */
export interface SummaryTarget {
	derived(d: DerivedSummary): void;
	/** Computing sessions failed: the message for the notice. */
	derivedFailed(message: string): void;
	/** Exact distinct counts; [] when counting failed (the columns table then shows none, never an estimate). */
	distinct(counts: ColumnDistinct[]): void;
	/** Both have arrived (the workspace keeps them with the report). */
	both(d: DerivedSummary, counts: ColumnDistinct[]): void;
}

/**
 * Asks the engine, in the background, for the sessions summary and the distinct counts of the dataset in
 * force; `current()` says whether the load they belong to is still the one shown. A cancel (`signal`) is
 * silent.
 */
export function computeSummaries(
	engine: Engine,
	signal: AbortSignal,
	current: () => boolean,
	to: SummaryTarget
): void {
	let derived: DerivedSummary | null = null;
	let counts: ColumnDistinct[] | null = null;
	const done = () => {
		if (derived && counts && current()) to.both(derived, counts);
	};
	engine.derived({ signal }).then(
		(d) => {
			if (!current()) return;
			derived = d;
			to.derived(d);
			done();
		},
		(e: unknown) => {
			if (!(e instanceof CancelledError) && current())
				to.derivedFailed(userMessage(e, { doing: 'sessions' }));
		}
	);
	engine.distinctCounts({ signal }).then(
		(c) => {
			if (!current()) return;
			counts = c;
			to.distinct(c);
			done();
		},
		(e: unknown) => {
			if (!(e instanceof CancelledError) && current()) to.distinct([]);
		}
	);
}
