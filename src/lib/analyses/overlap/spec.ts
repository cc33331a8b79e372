/**
 * The segment overlap spec: how many users each pair of segments (SEMANTICS §4) has in common. SEMANTICS
 * allows a user in several segments and leaves the pairwise view to the product; this is it.
 */
import { knownKeys, object, show, SpecError, text } from '../../spec/check.ts';
import { ruleColumns, segmentRule, type SegmentRule } from '../../spec/segment-rule.ts';
import type { ColumnReference } from '../types.ts';

/** A matrix beyond this many segments is no longer read cell by cell. */
export const MAX_OVERLAP_SEGMENTS = 24;

export interface OverlapSegment {
	/** The label of its row and column (unique within the spec). */
	name: string;
	rule: SegmentRule;
}

export interface OverlapSpec {
	kind: 'overlap';
	segments: OverlapSegment[];
}

export type OverlapSpecInput = { kind: 'overlap'; segments: unknown };

export interface OverlapResult {
	/** All users of the dataset. */
	total: number;
	/** Each segment's name and size, in spec order. */
	segments: { name: string; users: number }[];
	/** `both[i][j]`: users in segment i and in segment j (symmetric; the diagonal is each segment's size). */
	both: number[][];
}

/** Checks an overlap spec at `path`. Throws `SpecError` naming the field. */
export function parseOverlap(input: unknown, path = 'analysis'): OverlapSpec {
	const a = object(input, path, 'an overlap spec');
	knownKeys(a, ['kind', 'segments'], path, 'an overlap spec');
	if (a.kind !== 'overlap') throw new SpecError(`${path}.kind`, `${path}.kind must be "overlap"`);
	const list = a.segments;
	if (!Array.isArray(list) || list.length === 0 || list.length > MAX_OVERLAP_SEGMENTS)
		throw new SpecError(
			`${path}.segments`,
			`${path}.segments must be a list of 1 to ${MAX_OVERLAP_SEGMENTS} segments { "name", "rule" }, got ${show(list)}`
		);
	const names = new Set<string>();
	const segments = list.map((x, i) => {
		const at = `${path}.segments[${i}]`;
		const s = object(x, at, 'a segment { "name", "rule" }');
		knownKeys(s, ['name', 'rule'], at, 'a segment');
		const name = text(s.name, `${at}.name`);
		if (names.has(name)) throw new SpecError(`${at}.name`, `${at}.name ${show(name)} is used twice`);
		names.add(name);
		return { name, rule: segmentRule(s.rule, `${at}.rule`) };
	});
	return { kind: 'overlap', segments };
}

export function overlapColumns(spec: OverlapSpec): ColumnReference[] {
	return spec.segments.flatMap((s, i) => ruleColumns(s.rule, `analysis.segments[${i}].rule`));
}
