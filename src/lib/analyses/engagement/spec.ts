/**
 * The engagement spec (SEMANTICS §6 `engagement`): a per-user score Σ weight(event) × count over the date
 * range, optionally scaled 0-100 by percentile rank. Types, defaults and checks.
 */
import { boolean, knownKeys, object, oneOf, SpecError, wholeNumber } from '../../spec/check.ts';
import { engagementWeights, type EngagementWeight } from '../../spec/engagement.ts';
import { SCOPE_KEYS, scopeColumns, scopeOf, type Scope } from '../../spec/scope.ts';
import type { ColumnReference } from '../types.ts';

export interface EngagementSpec extends Scope {
	kind: 'engagement';
	/** The weight of each event (sorted by event name); events not listed weigh 0. */
	weights: EngagementWeight[];
	/**
	 * `percentile`: also rank each user 0-100 by percentile rank (100 × the share of the other users who score
	 * strictly lower; ties share the rank), and draw the histogram of ranks. `none`: raw scores only.
	 */
	scale: 'none' | 'percentile';
	/** How many users the top table lists. */
	top: number;
	/** Also return every user's score (the CLI's full list; the screen's CSV export). */
	list: boolean;
}

export type EngagementSpecInput = { kind: 'engagement'; weights: EngagementWeight[] } & Partial<
	Omit<EngagementSpec, 'kind' | 'weights'>
>;

export interface EngagementUser {
	user: string;
	score: number;
	/** Percentile rank 0-100; only with `scale: "percentile"`. */
	rank?: number;
}

export interface EngagementBin {
	/** The bin holds values v with from <= v < to (the last bin of ranks also holds 100). */
	from: number;
	to: number;
	users: number;
}

export interface EngagementResult {
	scale: EngagementSpec['scale'];
	/** Users scored: every user of the dataset (or of the segment), 0 for those without a weighted event. */
	users: number;
	/** Of them, users whose score is exactly 0. */
	zero: number;
	mean: number | null;
	/** Quantiles with linear interpolation (numpy's default), like every quantile in Footfall. */
	median: number | null;
	p90: number | null;
	max: number | null;
	/** Of raw scores (`none`) or of percentile ranks (`percentile`), every bin from the lowest to the highest. */
	histogram: EngagementBin[];
	/** The highest scores first, ties by user id. */
	topUsers: EngagementUser[];
	/** Every user, highest first; only with `list: true`. */
	scores?: EngagementUser[];
}

export const ENGAGEMENT_DEFAULTS = { scale: 'none', top: 20, list: false } as const;
export const MAX_TOP = 1000;

const KEYS = ['kind', 'weights', 'scale', 'top', 'list', ...SCOPE_KEYS] as const;

/** Checks an engagement spec at `path` and returns it with every default applied. Throws `SpecError`. */
export function parseEngagement(input: unknown, path = 'analysis'): EngagementSpec {
	const a = object(input, path, 'an engagement spec');
	knownKeys(a, KEYS, path, 'an engagement spec');
	if (a.kind !== 'engagement') throw new SpecError(`${path}.kind`, `${path}.kind must be "engagement"`);
	const D = ENGAGEMENT_DEFAULTS;
	return {
		kind: 'engagement',
		weights: engagementWeights(a.weights, `${path}.weights`),
		scale: a.scale === undefined ? D.scale : oneOf(a.scale, ['none', 'percentile'], `${path}.scale`),
		top: a.top === undefined ? D.top : wholeNumber(a.top, `${path}.top`, 1, MAX_TOP),
		list: a.list === undefined ? D.list : boolean(a.list, `${path}.list`),
		...scopeOf(a, path)
	};
}

/** The data columns an engagement spec refers to: its segment's. */
export function engagementColumns(spec: EngagementSpec): ColumnReference[] {
	return scopeColumns(spec, 'analysis');
}
