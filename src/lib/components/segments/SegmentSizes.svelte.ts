import { CancelledError, Priority } from '../../engine/client.ts';
import type { WorkbenchModel } from '../workbench/WorkbenchModel.svelte.ts';
import { segmentProblem } from '../../workspace/segment-fit.ts';
import { userMessage } from '../../messages.ts';

/** A saved segment's size on the data loaded: its users and share, or why it cannot be counted. */
export type SegmentSize = { users: number; share: number } | { problem: string };

/**
 * The size of every saved segment on the data loaded (the sidebar shows them), counted in the background
 * one after the other, whenever the list or the dataset changes; the segment spec is the one the builder
 * runs, so the result cache answers for a segment already counted. A segment naming a column this data
 * lacks is not run and says so. Construct inside a component (it registers an `$effect`).
 */
export class SegmentSizes {
	sizes = $state.raw<Record<string, SegmentSize>>({});
	#fingerprint = '';

	constructor(workbench: () => WorkbenchModel) {
		$effect(() => {
			const wb = workbench();
			const segments = wb.segments;
			const fingerprint = wb.fingerprint;
			const report = wb.report;
			if (!report || !fingerprint) return;
			// Sizes of another dataset are not this one's: drop them rather than show them as current.
			if (fingerprint !== this.#fingerprint) this.sizes = {};
			this.#fingerprint = fingerprint;
			const abort = new AbortController();
			const columns = report.columns.map((c) => c.name);
			void (async () => {
				for (const s of segments) {
					const problem = segmentProblem(s.rule, columns);
					let size: SegmentSize;
					if (problem) size = { problem };
					else {
						try {
							const out = await wb.engine.run<'segment'>(
								{ kind: 'segment', rule: s.rule },
								{ signal: abort.signal, priority: Priority.background }
							);
							size = { users: out.result.users, share: out.result.share };
						} catch (e) {
							if (e instanceof CancelledError || abort.signal.aborted) return;
							size = { problem: userMessage(e, { doing: 'analysis' }) };
						}
					}
					if (abort.signal.aborted) return;
					this.sizes = { ...this.sizes, [s.id]: size };
				}
			})();
			return () => abort.abort();
		});
	}
}
