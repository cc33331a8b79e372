/**
 * The dashboard's rules (issue 13), pure: what a pin keeps of an analysis, the spec a tile runs once the
 * workspace's scope is merged in, whether the analysis on screen is already pinned, the order after a move
 * or a drop, and the address that opens a tile's full analysis.
 */
import { findAnalysis } from './registry.ts';
import { writeUrlAnalysis, writeUrlTab } from './url-state.ts';
import type { Scope } from '../spec/scope.ts';

/** True when analyses of this parsed spec take the scope fields (SEMANTICS §1b); Segment and Overlap do not. */
export function takesScope(spec: object): boolean {
	return 'dateRange' in spec;
}

/**
 * The spec a pin keeps: parsed by its kind (defaults applied), without its scope (date range and segment),
 * since a dashboard applies the workspace's scope to every tile. Throws Error for an unknown kind and the
 * registry's SpecError for a bad field.
 */
export function pinnedSpec(spec: unknown): { kind: string; spec: Record<string, unknown> } {
	const kind = (spec as { kind?: unknown } | null)?.kind;
	const def = findAnalysis(kind);
	if (!def) throw new Error(`There is no analysis of kind ${JSON.stringify(kind)}.`);
	const { segment: _s, dateRange: _d, ...rest } = spec as Record<string, unknown>;
	return { kind: def.kind, spec: def.parse(rest, 'analysis') as Record<string, unknown> };
}

/**
 * The spec a tile runs: its kept spec with the workspace's date range and segment in force (SEMANTICS §1b),
 * so every tile answers for the same days and users as the rest of the workspace. A tile draws the segment
 * alone (its "vs all users" `compare` is left to the full analysis). A kind without scope fields (Segment,
 * Overlap) runs as kept.
 */
export function tileSpec(spec: Record<string, unknown>, scope: Scope): Record<string, unknown> {
	if (!takesScope(spec)) return spec;
	const { compare: _c, ...segment } = scope.segment ?? {};
	return { ...spec, dateRange: scope.dateRange, segment: scope.segment ? segment : null };
}

/**
 * True when `saved` (a kept spec) is the analysis `spec` shows, whatever its scope: both are parsed the
 * same way, so equal settings serialise equally. False for a spec no analysis accepts.
 */
export function samePinned(saved: { kind: string; spec: unknown }, spec: unknown): boolean {
	try {
		const mine = pinnedSpec(spec);
		return mine.kind === saved.kind && JSON.stringify(mine.spec) === JSON.stringify(saved.spec);
	} catch {
		return false;
	}
}

/**
 * The ids in their new order once `id` moves `delta` places (−1: up, +1: down), kept within the list;
 * the same order when `id` is not in it.
 */
export function moved(ids: readonly string[], id: string, delta: number): string[] {
	const from = ids.indexOf(id);
	if (from < 0) return [...ids];
	const to = Math.max(0, Math.min(ids.length - 1, from + delta));
	const out = ids.filter((x) => x !== id);
	out.splice(to, 0, id);
	return out;
}

/**
 * The ids in their new order once tile `id` is dropped on tile `target` (drag and drop): it takes the
 * target's place, the tiles between shifting one place towards where it came from, as `moved` does. The same
 * order when either is not in the list or they are the same.
 */
export function droppedOn(ids: readonly string[], id: string, target: string): string[] {
	const from = ids.indexOf(id);
	const to = ids.indexOf(target);
	return from < 0 || to < 0 ? [...ids] : moved(ids, id, to - from);
}

/**
 * The query (`?spec=…&tab=…`) that opens a tile's full analysis: its spec with the workspace's scope, the
 * saved segment's id when the scope came from one, and the tab it was pinned on.
 */
export function tileSearch(
	spec: Record<string, unknown>,
	scope: Scope,
	segmentId: string | null,
	tab: string | undefined
): string {
	const full = takesScope(spec) ? { ...spec, ...scope } : spec;
	return writeUrlTab(writeUrlAnalysis('', full, segmentId), tab ?? null);
}
