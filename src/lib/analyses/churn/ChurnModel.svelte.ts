import type { WorkbenchModel } from '../../components/workbench/WorkbenchModel.svelte.ts';
import { AnalysisQuery } from '../../components/analysis/query.svelte.ts';
import { Priority } from '../../engine/job-queue.ts';
import { parseValueExpr } from '../../sql/value-expr.ts';
import type { SavedSegment } from '../../workspace/segments.ts';
import { CHURN_DEFAULTS, type ChurnSpec } from './spec.ts';

/**
 * The churn screen's state: its controls, the spec they make (null while the monetary expression is not
 * valid, with the reason in `problem`), and one query with every user's score: the CSV, the users table and
 * "save as segment" all read it, so the model is fitted once per spec.
 */
export class ChurnModel {
	horizon = $state<number>(CHURN_DEFAULTS.horizon);
	/** `YYYY-MM-DD` (UTC midnight), or '' for the default: the last event minus the horizon. */
	cutoff = $state('');
	event = $state<string | null>(null);
	monetary = $state('');
	l2 = $state<number>(CHURN_DEFAULTS.l2);
	threshold = $state<number>(CHURN_DEFAULTS.threshold);

	problem = $derived.by((): string | null => {
		if (!this.monetary.trim()) return null;
		try {
			parseValueExpr(this.monetary, this.#workbench().report?.columns.map((c) => c.name) ?? []);
			return null;
		} catch (e) {
			return `Monetary: ${e instanceof Error ? e.message : String(e)}`;
		}
	});

	spec = $derived.by((): ChurnSpec | null => {
		if (this.problem || !(this.horizon >= 1)) return null;
		return {
			kind: 'churn',
			horizon: Math.round(this.horizon),
			cutoff: this.cutoff ? `${this.cutoff}T00:00:00Z` : null,
			event: this.event,
			where: [],
			monetary: this.monetary.trim() || null,
			l2: this.l2,
			threshold: Math.min(1, Math.max(0, this.threshold)),
			seed: CHURN_DEFAULTS.seed,
			perUser: true,
			...this.#workbench().scope
		};
	});

	readonly query: AnalysisQuery<'churn'>;

	/** Sets the controls from a parsed spec (the address's, or this kind's last settings in this tab). */
	restore(s: ChurnSpec) {
		this.horizon = s.horizon;
		this.cutoff = s.cutoff?.slice(0, 10) ?? '';
		this.event = s.event;
		this.monetary = s.monetary ?? '';
		this.l2 = s.l2;
		this.threshold = s.threshold;
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

	/**
	 * Saves the users above the threshold as a segment of their ids (a `users` list: the scores hold for the
	 * data they were computed on, so the list is the campaign list as shown, not a rule that would drift).
	 * Throws when no user is above it.
	 */
	async saveAtRisk(name: string): Promise<SavedSegment | null> {
		const spec = this.spec;
		if (!spec) return null;
		const wb = this.#workbench();
		const out = await wb.engine.run<'churn'>(spec, { priority: Priority.visible });
		const ids = (out.result.rows ?? []).filter((u) => u.risk > spec.threshold).map((u) => u.user);
		if (ids.length === 0) throw new Error('No user is above this threshold.');
		const p = out.result.params;
		const origin = `churn risk above ${Math.round(spec.threshold * 100)}% (horizon ${p.horizonDays} days, scored at ${p.scoredAt.slice(0, 16).replace('T', ' ')} UTC)`;
		return wb.saveSegment(name, { users: ids }, origin);
	}
}
