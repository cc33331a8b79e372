import type { WorkbenchModel } from '../../components/workbench/WorkbenchModel.svelte.ts';
import { AnalysisQuery } from '../../components/analysis/query.svelte.ts';
import { segmentProblem } from '../../workspace/segment-fit.ts';
import type { OverlapSpec } from './spec.ts';
import { overlapSegments } from './view.ts';

/** The overlap matrix of the saved segments that run on the data loaded; it runs once two are saved. */
export class OverlapModel {
	readonly #workbench: () => WorkbenchModel;
	picked = $derived.by(() => {
		const wb = this.#workbench();
		const columns = wb.report?.columns.map((c) => c.name) ?? [];
		return overlapSegments(wb.segments, (rule) => segmentProblem(rule, columns));
	});
	spec = $derived.by((): OverlapSpec | null =>
		this.picked.segments.length >= 2 ? { kind: 'overlap', segments: this.picked.segments } : null
	);
	readonly query: AnalysisQuery<'overlap'>;

	constructor(workbench: () => WorkbenchModel) {
		this.#workbench = workbench;
		// Drawn inside the segments page, which has no address of its own for it: nothing to restore.
		this.query = new AnalysisQuery(workbench, () => this.spec, null);
	}
}
