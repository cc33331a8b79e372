import type { WorkbenchModel } from '../../components/workbench/WorkbenchModel.svelte.ts';
import { AnalysisQuery } from '../../components/analysis/query.svelte.ts';
import type { Period } from '../../spec/types.ts';
import { KPI_DEFAULTS, MAX_SERIES, type KpiSeries, type KpiSpec } from './spec.ts';
import { draftOf, draftSeries, type KpiDraft } from './draft.ts';

/**
 * Pinned series, kept for the dataset they were pinned on while the tab is open (leaving the page and
 * coming back keeps them; another dataset starts afresh).
 */
const pins = $state<{ fingerprint: string; series: KpiSeries[] }>({ fingerprint: '', series: [] });

/**
 * The KPI screen's state: the series being edited, the series pinned beside it, the period and moving
 * average; the spec they make (pinned series first, then the draft), and the shared query that runs it.
 */
export class KpiModel {
	draft = $state<KpiDraft>({ metric: 'active_users', window: 'day', event: null, value: '', label: '' });
	period = $state<Period>(KPI_DEFAULTS.period);
	movingAverage = $state<number | null>(KPI_DEFAULTS.movingAverage);

	/** The draft as a series, or what it still needs. */
	current = $derived(draftSeries($state.snapshot(this.draft) as KpiDraft));

	pinned = $derived.by((): KpiSeries[] => {
		const fp = this.#workbench().fingerprint;
		return pins.fingerprint === fp ? (pins.series as KpiSeries[]) : [];
	});

	/** The spec on the chart: pinned series, then the draft when it is complete; null when there is nothing. */
	spec = $derived.by((): KpiSpec | null => {
		const series = [...($state.snapshot(this.pinned) as KpiSeries[])];
		if (typeof this.current !== 'string' && !this.#isPinned(this.current)) series.push(this.current);
		if (series.length === 0) return null;
		return {
			kind: 'kpi',
			series: series.slice(-MAX_SERIES),
			period: this.period,
			movingAverage: this.movingAverage,
			...this.#workbench().scope
		};
	});

	/** True when the draft can be pinned: complete, not pinned already, and room on the chart. */
	canPin = $derived(
		typeof this.current !== 'string' && this.pinned.length < MAX_SERIES - 1 && !this.#isPinned(this.current)
	);

	readonly query: AnalysisQuery<'kpi'>;

	/**
	 * Sets the controls from a parsed spec (the address's, or this kind's last settings in this tab): its last
	 * series is the draft, the ones before it are pinned for the dataset in force.
	 */
	restore(s: KpiSpec) {
		const last = s.series.at(-1);
		if (last) this.draft = draftOf(last);
		pins.series = s.series.slice(0, -1);
		pins.fingerprint = this.#workbench().fingerprint;
		this.period = s.period;
		this.movingAverage = s.movingAverage;
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

	#isPinned(s: KpiSeries): boolean {
		const text = JSON.stringify(s);
		return this.pinned.some((p) => JSON.stringify(p) === text);
	}

	/** Keeps the draft on the chart and starts the next one from it. */
	pin() {
		if (!this.canPin || typeof this.current === 'string') return;
		const fp = this.#workbench().fingerprint;
		const kept = pins.fingerprint === fp ? pins.series : [];
		pins.series = [...kept, this.current];
		pins.fingerprint = fp;
		this.draft.label = '';
	}

	unpin(i: number) {
		pins.series = pins.series.filter((_, j) => j !== i);
	}
}
