/** The segment spec (SEMANTICS §4): a named rule over users; its size, share and a sample of its users. */
import { knownKeys, object, show, SpecError, text, textOrNull, boolean } from '../../spec/check.ts';
import { ruleColumns, segmentRule, type SegmentRule } from '../../spec/segment-rule.ts';
import type { ColumnReference } from '../types.ts';

export interface SegmentSpec {
	kind: 'segment';
	/** A label for people; not part of what the segment is. */
	name: string | null;
	rule: SegmentRule;
	/**
	 * The instant `last` windows count back from, ISO-8601 (UTC when no zone is written); null: the last
	 * event time in the data, so the same data gives the same segment whenever it is opened.
	 */
	asOf: string | null;
	/** Also return every user id of the segment (the CLI's full list; the screen's CSV export). */
	list: boolean;
}

export type SegmentSpecInput = { kind: 'segment'; rule: unknown } & Partial<
	Omit<SegmentSpec, 'kind' | 'rule'>
>;

export interface SegmentResult {
	/** Users the rule keeps. */
	users: number;
	/** users / all users of the dataset, 0..1. */
	share: number;
	/** The first 100 user ids of the segment, sorted. */
	sample: string[];
	/** Every user id, sorted; only with `list: true`. */
	userIds?: string[];
}

/** How many ids the result samples (SEMANTICS §4). */
export const SAMPLE_SIZE = 100;

/** Checks a segment spec at `path` and returns it with defaults applied. Throws `SpecError`. */
export function parseSegment(input: unknown, path = 'analysis'): SegmentSpec {
	const a = object(input, path, 'a segment spec');
	knownKeys(a, ['kind', 'name', 'rule', 'asOf', 'list'], path, 'a segment spec');
	if (a.kind !== 'segment') throw new SpecError(`${path}.kind`, `${path}.kind must be "segment"`);
	if (a.rule === undefined)
		throw new SpecError(`${path}.rule`, `${path}.rule is required: the rule that picks users`);
	let asOf: string | null = null;
	if (a.asOf !== undefined && a.asOf !== null) {
		asOf = text(a.asOf, `${path}.asOf`);
		if (!Number.isFinite(Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(asOf) ? asOf : `${asOf}Z`)))
			throw new SpecError(
				`${path}.asOf`,
				`${path}.asOf must be a time such as "2025-01-31T00:00:00Z", got ${show(asOf)}`
			);
	}
	return {
		kind: 'segment',
		name: a.name === undefined ? null : textOrNull(a.name, `${path}.name`),
		rule: segmentRule(a.rule, `${path}.rule`),
		asOf,
		list: a.list === undefined ? false : boolean(a.list, `${path}.list`)
	};
}

/** The `asOf` instant in UTC ms, or null for "the last event in the data". */
export function asOfMs(spec: Pick<SegmentSpec, 'asOf'>): number | null {
	if (!spec.asOf) return null;
	return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(spec.asOf) ? spec.asOf : `${spec.asOf}Z`);
}

export function segmentColumns(spec: SegmentSpec): ColumnReference[] {
	return ruleColumns(spec.rule, 'analysis.rule');
}

/**
 * True when `rule` is made of fixed user lists only (and `all`/`any`/`not` of them): it reads no event time,
 * so it counts on data without a time column, such as a k-means or DBSCAN cluster saved from a customer
 * table (issue 12). Every other condition (windows, first/last seen, sessions, a property's latest value,
 * percentiles) orders or buckets events by time.
 */
export function listsOnly(rule: SegmentRule): boolean {
	if ('all' in rule) return rule.all.every(listsOnly);
	if ('any' in rule) return rule.any.every(listsOnly);
	if ('not' in rule) return listsOnly(rule.not);
	return 'users' in rule;
}
