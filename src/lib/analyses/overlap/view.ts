/** Which saved segments the overlap matrix shows, and under which names (pure). */
import type { SegmentRule } from '../../spec/segment-rule.ts';
import { MAX_OVERLAP_SEGMENTS, type OverlapSegment } from './spec.ts';

/**
 * The segments to compare, in the order saved: those `problem` finds nothing wrong with on this data,
 * at most MAX_OVERLAP_SEGMENTS, each name made unique ("Lapsed", "Lapsed (2)") since names label the rows.
 * `left` counts the segments left out and why.
 */
export function overlapSegments(
	saved: readonly { name: string; rule: SegmentRule }[],
	problem: (rule: SegmentRule) => string | null
): { segments: OverlapSegment[]; left: { name: string; reason: string }[] } {
	const segments: OverlapSegment[] = [];
	const left: { name: string; reason: string }[] = [];
	const used = new Set<string>();
	for (const s of saved) {
		const reason = problem(s.rule);
		if (reason) {
			left.push({ name: s.name, reason });
			continue;
		}
		if (segments.length >= MAX_OVERLAP_SEGMENTS) {
			left.push({ name: s.name, reason: `The matrix shows the first ${MAX_OVERLAP_SEGMENTS} segments.` });
			continue;
		}
		let name = s.name;
		for (let k = 2; used.has(name); k++) name = `${s.name} (${k})`;
		used.add(name);
		segments.push({ name, rule: s.rule });
	}
	return { segments, left };
}
