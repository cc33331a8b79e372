/**
 * The churn-risk spec (SEMANTICS §8 `churn`): who is about to leave, by a logistic regression trained on an
 * earlier cutoff and validated on a later one (out of time). Types, defaults and checks; the result types
 * are in result.ts.
 */
import {
	boolean,
	filterList,
	knownKeys,
	object,
	show,
	SpecError,
	text,
	textOrNull,
	wholeNumber
} from '../../spec/check.ts';
import type { RowFilter } from '../../spec/types.ts';
import { SCOPE_KEYS, scopeColumns, scopeOf, type Scope } from '../../spec/scope.ts';
import type { ColumnReference } from '../types.ts';

export interface ChurnSpec extends Scope {
	kind: 'churn';
	/** Days after a cutoff in which a user must be active not to count as churned (SEMANTICS §8: 30). */
	horizon: number;
	/**
	 * The validation cutoff, an ISO-8601 instant (UTC when no zone is written). Null: the last event (in the
	 * date range) minus `horizon`. The model is trained at `cutoff − horizon`.
	 */
	cutoff: string | null;
	/** Only these events count as activity, for the label and the features (null: every row). */
	event: string | null;
	where: RowFilter[];
	/** A value expression (SEMANTICS §1) summed per user as the monetary feature; null: no such feature. */
	monetary: string | null;
	/**
	 * L2 penalty λ on the standardized coefficients (the intercept is not penalized): the objective is
	 * Σ wᵢ·logloss + λ/2·‖β‖², which is scikit-learn's LogisticRegression with C = 1/λ.
	 */
	l2: number;
	/** Calibrated risk above which a user is "at risk" (the retention campaign list). */
	threshold: number;
	/** Seeds the 20 % Platt hold-out of the training users. */
	seed: number;
	/** Also return one row per scored user (the screen's table, CSV and "save as segment"). */
	perUser: boolean;
}

export type ChurnSpecInput = { kind: 'churn' } & Partial<Omit<ChurnSpec, 'kind'>>;

export const CHURN_DEFAULTS = {
	horizon: 30,
	cutoff: null,
	event: null,
	where: [] as RowFilter[],
	monetary: null,
	l2: 1,
	threshold: 0.8,
	seed: 0,
	perUser: false
} as const;

const KEYS = [
	'kind',
	'horizon',
	'cutoff',
	'event',
	'where',
	'monetary',
	'l2',
	'threshold',
	'seed',
	'perUser',
	...SCOPE_KEYS
];

const ZONED = /[zZ]|[+-]\d\d:?\d\d$/;

/** An instant text as UTC ms (a time without a zone is UTC), or NaN when it is not a time. */
export function parseCutoff(s: string): number {
	return Date.parse(ZONED.test(s) ? s : `${s}Z`);
}

function real(x: unknown, path: string, min: number, max: number, what: string): number {
	if (typeof x !== 'number' || !Number.isFinite(x) || x < min || x > max)
		throw new SpecError(path, `${path} must be ${what}, got ${show(x)}`);
	return x;
}

/** Checks a churn spec at `path` and returns it with defaults applied. Throws `SpecError` naming the field. */
export function parseChurn(input: unknown, path = 'analysis'): ChurnSpec {
	const a = object(input, path, 'a churn spec');
	knownKeys(a, KEYS, path, 'a churn spec');
	if (a.kind !== 'churn') throw new SpecError(`${path}.kind`, `${path}.kind must be "churn"`);
	const d = CHURN_DEFAULTS;
	let cutoff: string | null = null;
	if (a.cutoff !== undefined && a.cutoff !== null) {
		cutoff = text(a.cutoff, `${path}.cutoff`).trim();
		if (!Number.isFinite(parseCutoff(cutoff)))
			throw new SpecError(
				`${path}.cutoff`,
				`${path}.cutoff must be a time such as "2011-11-09T00:00:00Z", got ${show(a.cutoff)}`
			);
	}
	let monetary: string | null = null;
	if (a.monetary !== undefined && a.monetary !== null) {
		monetary = text(a.monetary, `${path}.monetary`).trim() || null;
	}
	return {
		kind: 'churn',
		horizon: a.horizon === undefined ? d.horizon : wholeNumber(a.horizon, `${path}.horizon`, 1, 3650),
		cutoff,
		event: a.event === undefined ? d.event : textOrNull(a.event, `${path}.event`),
		where: a.where === undefined || a.where === null ? [] : filterList(a.where, `${path}.where`),
		monetary,
		l2: a.l2 === undefined ? d.l2 : real(a.l2, `${path}.l2`, 0, 1e6, 'a number from 0 to 1000000'),
		threshold:
			a.threshold === undefined
				? d.threshold
				: real(a.threshold, `${path}.threshold`, 0, 1, 'a probability from 0 to 1'),
		seed: a.seed === undefined ? d.seed : wholeNumber(a.seed, `${path}.seed`, 0, 2 ** 31 - 1),
		perUser: a.perUser === undefined ? d.perUser : boolean(a.perUser, `${path}.perUser`),
		...scopeOf(a, path)
	};
}

/** The data columns a churn spec names (the monetary expression's are checked when it runs). */
export function churnColumns(spec: ChurnSpec): ColumnReference[] {
	const out: ColumnReference[] = spec.where.map((f, i) => ({
		path: `analysis.where[${i}].column`,
		column: f.column
	}));
	return [...out, ...scopeColumns(spec, 'analysis')];
}
