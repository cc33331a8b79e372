import type { WorkbenchModel } from '../../components/workbench/WorkbenchModel.svelte.ts';
import { AnalysisQuery } from '../../components/analysis/query.svelte.ts';
import { segmentRule, type SegmentRule } from '../../spec/segment-rule.ts';
import { SEGMENT_TEMPLATES } from '../../workspace/segments.ts';
import type { SegmentSpec } from './spec.ts';

/**
 * The segment screen's state: the rule being edited, the spec it makes (null while the rule does not
 * parse, with the reason in `problem`), and the live size from the shared query helper.
 */
export class SegmentModel {
	rule = $state.raw<SegmentRule>(SEGMENT_TEMPLATES[0].rule);
	name = $state(SEGMENT_TEMPLATES[0].name);

	checked = $derived.by((): { rule: SegmentRule | null; problem: string | null } => {
		try {
			return { rule: segmentRule(this.rule, 'rule'), problem: null };
		} catch (e) {
			return { rule: null, problem: e instanceof Error ? e.message : String(e) };
		}
	});

	spec = $derived.by((): SegmentSpec | null =>
		this.checked.rule
			? { kind: 'segment', name: this.name || null, rule: this.checked.rule, asOf: null, list: false }
			: null
	);

	readonly query: AnalysisQuery<'segment'>;

	constructor(workbench: () => WorkbenchModel) {
		this.query = new AnalysisQuery(workbench, () => this.spec);
	}
}
