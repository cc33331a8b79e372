import type { WorkbenchModel } from '../../components/workbench/WorkbenchModel.svelte.ts';
import { AnalysisQuery } from '../../components/analysis/query.svelte.ts';
import { HEATMAP_DEFAULTS, type HeatmapGroup, type HeatmapSpec, type HeatmapType } from './spec.ts';

/** The heatmap screen's state: its controls, the spec they make, and the shared query that runs it. */
export class HeatmapModel {
	type = $state<HeatmapType>(HEATMAP_DEFAULTS.type);
	event = $state<string | null>(null);
	columns = $state<number>(HEATMAP_DEFAULTS.columns);
	group = $state<HeatmapGroup>(HEATMAP_DEFAULTS.group);
	/** The page shown (normalised); null until the first result names the most clicked one. */
	url = $state<string | null>(null);
	/** Column choices; null lets the engine guess from the column names. */
	x = $state<string | null>(null);
	y = $state<string | null>(null);
	viewport = $state<string | null>(null);
	page = $state<string | null>(null);
	depth = $state<string | null>(null);

	spec = $derived.by((): HeatmapSpec => {
		const base = { ...HEATMAP_DEFAULTS, kind: 'heatmap' as const, type: this.type, event: this.event };
		const scope = this.#workbench().scope;
		if (this.type === 'activity') return { ...base, ...scope };
		if (this.type === 'scroll') return { ...base, page: this.page, depth: this.depth, ...scope };
		return {
			...base,
			x: this.x,
			y: this.y,
			viewport: this.viewport,
			page: this.page,
			columns: this.columns,
			group: this.group,
			url: this.url,
			...scope
		};
	});

	readonly query: AnalysisQuery<'heatmap'>;

	/**
	 * Sets the controls from a parsed spec (the address's, or this kind's last settings in this tab); fields a
	 * type does not use keep their defaults.
	 */
	restore(s: HeatmapSpec) {
		this.type = s.type;
		this.event = s.event;
		this.columns = s.columns;
		this.group = s.group;
		this.url = s.url;
		this.x = s.x;
		this.y = s.y;
		this.viewport = s.viewport;
		this.page = s.page;
		this.depth = s.depth;
	}

	readonly #workbench: () => WorkbenchModel;

	constructor(workbench: () => WorkbenchModel) {
		this.#workbench = workbench;
		this.query = new AnalysisQuery(
			workbench,
			() => this.spec,
			(s) => this.restore(s)
		);
	}
}
