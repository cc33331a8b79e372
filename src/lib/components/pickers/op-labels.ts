import type { FilterOp } from '../../spec/types.ts';

/**
 * What a filter operator reads as in a menu: words a user says ("is set", "starts with"), never the spec's
 * name (`not_null`, `starts_with`). The same words as the segment builder's property conditions.
 */
export const FILTER_OP_LABELS: Readonly<Record<FilterOp, string>> = {
	'=': 'equals',
	'!=': 'is not',
	'>': '>',
	'>=': '≥',
	'<': '<',
	'<=': '≤',
	in: 'is one of',
	not_in: 'is none of',
	contains: 'contains',
	starts_with: 'starts with',
	not_null: 'is set',
	is_null: 'is not set'
};
