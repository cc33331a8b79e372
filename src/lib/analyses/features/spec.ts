/**
 * The feature table of clustering and prediction (SEMANTICS §8): one row per user, one column per feature,
 * and how the features are scaled before distances are measured. Types and checks only (pure).
 */
import { boolean, knownKeys, object, oneOf, show, SpecError, text } from '../../spec/check.ts';
import type { ColumnReference } from '../types.ts';

export const FEATURE_AGGS = [
	'count',
	'sum',
	'avg',
	'min',
	'max',
	'distinct',
	'first',
	'last',
	'recency_days',
	'active_days',
	'sessions',
	'session_length'
] as const;

/**
 * How a feature is computed per user. `count` rows (of `event`, or every row); `sum` / `avg` / `min` / `max`
 * of a numeric `column` (over the rows of `event` when given); `distinct` non-empty values of `column`;
 * `first` / `last` non-empty value of a numeric `column` by time, then file order (the only one a table of
 * one row per entity needs); `recency_days` whole days from the user's last event (of `event`) to the last
 * event in the data plus one day (RFM's `asOf`, SEMANTICS §5); `active_days` distinct calendar days in the
 * dataset's time zone; `sessions` distinct sessions (SEMANTICS §7); `session_length` mean session duration
 * in seconds (last − first event time, 0 for a one-event session). Footfall's additions to §8's list:
 * `session_length`.
 */
export type FeatureAgg = (typeof FEATURE_AGGS)[number];

/** Aggregates that order or bucket events by time: they need a mapped time column. */
export const TIME_AGGS: readonly FeatureAgg[] = ['recency_days', 'active_days', 'sessions', 'session_length'];
/** Aggregates over a column: `column` is required. */
export const COLUMN_AGGS: readonly FeatureAgg[] = ['sum', 'avg', 'min', 'max', 'distinct', 'first', 'last'];
/** Aggregates whose value for a user without a counted row is 0 rather than missing. */
export const ZERO_AGGS: readonly FeatureAgg[] = ['count', 'sum', 'distinct', 'active_days', 'sessions'];

export interface Feature {
	/** Its name in results and charts, unique in the list. Default: the agg, column and event, e.g. `sum Price`. */
	name: string;
	agg: FeatureAgg;
	/** Only rows of this event count (null: every row). */
	event: string | null;
	column: string | null;
	/** log1p before scaling, for skewed counts and amounts (values must be ≥ 0). */
	log: boolean;
}

export type FeatureInput = Pick<Feature, 'agg'> & Partial<Feature>;

/** `none`; `minmax` to 0..1; `zscore` (x − mean) / population standard deviation. A constant feature becomes 0. */
export type Scale = 'none' | 'minmax' | 'zscore';
export const SCALES: readonly Scale[] = ['none', 'minmax', 'zscore'];

/** At most this many features: distances in more dimensions say little, and the table grows per user. */
export const MAX_FEATURES = 32;

/** The default name of a feature: `count`, `count purchase`, `sum Price`, `avg Price of purchase`. */
export function featureName(f: Pick<Feature, 'agg' | 'column' | 'event'>): string {
	const parts: string[] = [f.agg.replace('_', ' ')];
	if (f.column) parts.push(f.column);
	if (f.event) parts.push(f.column ? `of ${f.event}` : f.event);
	return parts.join(' ');
}

/** Checks one feature at `path` and fills its defaults. Throws `SpecError` naming the field. */
export function parseFeature(input: unknown, path: string): Feature {
	const a = object(input, path, 'a feature { "agg", "column"?, "event"? }');
	knownKeys(a, ['name', 'agg', 'event', 'column', 'log'], path, 'a feature');
	if (a.agg === undefined) throw new SpecError(`${path}.agg`, `${path}.agg is required`);
	const agg = oneOf(a.agg, FEATURE_AGGS, `${path}.agg`);
	const column = a.column === undefined || a.column === null ? null : text(a.column, `${path}.column`);
	const event = a.event === undefined || a.event === null ? null : text(a.event, `${path}.event`);
	if (COLUMN_AGGS.includes(agg) && !column)
		throw new SpecError(`${path}.column`, `${path}.column is required by "${agg}": the column to aggregate`);
	if (!COLUMN_AGGS.includes(agg) && column)
		throw new SpecError(`${path}.column`, `${path}.column has no meaning for "${agg}"; remove it`);
	const name = a.name === undefined ? featureName({ agg, column, event }) : text(a.name, `${path}.name`);
	return { name, agg, event, column, log: a.log === undefined ? false : boolean(a.log, `${path}.log`) };
}

/** Checks a non-empty list of features with unique names. Throws `SpecError` naming the field. */
export function parseFeatures(input: unknown, path: string): Feature[] {
	if (!Array.isArray(input) || input.length === 0)
		throw new SpecError(path, `${path} must be a non-empty list of features, got ${show(input)}`);
	if (input.length > MAX_FEATURES)
		throw new SpecError(path, `${path} has ${input.length} features; at most ${MAX_FEATURES} are allowed`);
	const out = input.map((f, i) => parseFeature(f, `${path}[${i}]`));
	const seen = new Set<string>();
	out.forEach((f, i) => {
		if (seen.has(f.name))
			throw new SpecError(`${path}[${i}].name`, `${path}[${i}].name repeats the feature name "${f.name}"`);
		seen.add(f.name);
	});
	return out;
}

/** The data columns a feature list names, for the engine's "not in the data" check. */
export function featureColumns(features: readonly Feature[], path: string): ColumnReference[] {
	return features.flatMap((f, i) => (f.column ? [{ path: `${path}[${i}].column`, column: f.column }] : []));
}

/** True when some feature needs event times (`TIME_AGGS`). */
export function featuresNeedTime(features: readonly Feature[]): boolean {
	return features.some((f) => TIME_AGGS.includes(f.agg));
}
