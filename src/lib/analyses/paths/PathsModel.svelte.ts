import type { WorkbenchModel } from '../../components/workbench/WorkbenchModel.svelte.ts';
import { AnalysisQuery } from '../../components/analysis/query.svelte.ts';
import { Priority } from '../../engine/job-queue.ts';
import type { SavedSegment } from '../../workspace/segments.ts';
import { parsePaths, PATHS_DEFAULTS, type CleaningRule, type PathNode, type PathsSpec } from './spec.ts';

/**
 * Cleaning rules as the screen edits them, one per line: `/product/*` is a wildcard group, `regex => alias`
 * a regex rule (an empty alias deletes the match). Blank lines are skipped. Throws on a line it cannot read.
 */
export function parseRuleLines(text: string): CleaningRule[] {
	return text
		.split('\n')
		.map((l) => l.trim())
		.filter((l) => l.length > 0)
		.map((l) => {
			const rule = /^(.+?)\s+=>\s*(.*)$/.exec(l);
			if (rule) return { regex: rule[1], alias: rule[2] };
			if (!l.includes('*')) throw new Error(`"${l}" is neither a wildcard (with *) nor "regex => alias".`);
			return { wildcard: l };
		});
}

/** Cleaning rules as the screen writes them, one per line (the inverse of `parseRuleLines`). */
export function ruleLines(rules: readonly CleaningRule[]): string {
	return rules.map((r) => ('wildcard' in r ? r.wildcard : `${r.regex} => ${r.alias}`)).join('\n');
}

/** The paths screen's state: its controls, the spec they make, the query, and the clicked node. */
export class PathsModel {
	direction = $state<'start' | 'end' | 'session'>('start');
	event = $state<string>('');
	column = $state<string | null>(null);
	depth = $state<number>(PATHS_DEFAULTS.depth);
	topN = $state<number>(PATHS_DEFAULTS.topN);
	rules = $state('');
	exclude = $state<string[]>([]);
	selected = $state<PathNode | null>(null);

	/** Why the controls make no spec, in the user's words; null when they do. */
	problem = $derived.by((): string | null => this.#build().problem);
	spec = $derived.by((): PathsSpec | null => this.#build().spec);

	readonly query: AnalysisQuery<'paths'>;
	readonly #workbench: () => WorkbenchModel;

	constructor(workbench: () => WorkbenchModel) {
		this.#workbench = workbench;
		this.query = new AnalysisQuery(
			workbench,
			() => this.spec,
			(s) => this.restore(s)
		);
	}

	/** Sets the controls from a parsed spec (the address's, or this kind's last settings in this tab). */
	restore(s: PathsSpec) {
		this.direction = s.startEvent !== null ? 'start' : s.endEvent !== null ? 'end' : 'session';
		this.event = s.startEvent ?? s.endEvent ?? '';
		this.column = s.column;
		this.depth = s.depth;
		this.topN = s.topN;
		this.rules = ruleLines(s.cleaning);
		this.exclude = [...s.exclude];
	}

	#build(): { spec: PathsSpec | null; problem: string | null } {
		if (this.direction !== 'session' && !this.event)
			return { spec: null, problem: `Pick the ${this.direction} event.` };
		try {
			const spec = parsePaths({
				kind: 'paths',
				startEvent: this.direction === 'start' ? this.event : null,
				endEvent: this.direction === 'end' ? this.event : null,
				column: this.column,
				depth: this.depth,
				topN: this.topN,
				cleaning: parseRuleLines(this.rules),
				exclude: $state.snapshot(this.exclude),
				...this.#workbench().scope
			});
			return { spec, problem: null };
		} catch (e) {
			return { spec: null, problem: e instanceof Error ? e.message : String(e) };
		}
	}

	/** Paths from (or, backward, to) the clicked node: it becomes the start (end) event. */
	pathsFrom(node: PathNode): void {
		if (node.other) return;
		this.direction = node.step < 0 ? 'end' : 'start';
		this.event = node.name;
		this.selected = null;
	}

	/** Saves the users whose path passes `node` as a segment of their ids (SEMANTICS §1b `users`). */
	async saveNode(node: PathNode, name: string): Promise<SavedSegment> {
		const spec = this.spec;
		if (!spec) throw new Error('The paths are not ready.');
		const wb = this.#workbench();
		const out = await wb.engine.run<'paths'>(
			{ ...spec, nodeUsers: { step: node.step, name: node.other ? null : node.name } },
			{ priority: Priority.visible }
		);
		const ids = out.result.nodeUsers ?? [];
		if (ids.length === 0) throw new Error('No user passes this node.');
		const from = spec.endEvent
			? `back from ${spec.endEvent}`
			: spec.startEvent
				? `from ${spec.startEvent}`
				: '';
		return wb.saveSegment(name, { users: ids }, `Paths ${from}: ${node.name} at step ${node.step}`);
	}
}
