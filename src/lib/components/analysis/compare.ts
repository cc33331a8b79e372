/** "This segment vs everyone" (SEMANTICS §1b `compare`) as the views draw it. */
import type { WorkbenchScope } from '../workbench/WorkbenchScope.svelte.ts';

/**
 * The baseline (the same spec for all users) with the names to show the two under, or null when the scope
 * has no segment to compare or the baseline is not in yet. The segment is named after the saved segment it
 * came from.
 */
export function compareOf<R>(
	scope: Pick<WorkbenchScope, 'scope' | 'scopeSegmentId' | 'segments'>,
	baseline: R | null
): { baseline: R; segment: string; all: string } | null {
	if (!baseline || !scope.scope.segment?.compare) return null;
	const name = scope.segments.find((s) => s.id === scope.scopeSegmentId)?.name ?? 'Segment';
	return { baseline, segment: name, all: 'All users' };
}
