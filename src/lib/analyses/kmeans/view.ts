/** What the clusters screen shows besides charts: first guesses, tables, the settings line. Pure. */
import type { FeatureInput } from '../features/spec.ts';
import type { KmeansResult, KmeansSpec } from './spec.ts';

const NUMERIC =
	/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL)/i;
const ID_LIKE = /(^|[_\s])id$|[a-z]ID$|^(uuid|row|index)$/i;
const MONEY = /revenue|amount|price|value|total|spend|sales/i;

/** At most this many columns become features by default. */
const MAX_GUESSED = 8;

/**
 * The first features for a dataset. One row per entity (no time column mapped): each numeric column not
 * mapped to a role and not an id, as itself (`first`). Events: events, active days and recency per user,
 * plus the sum of a money-like numeric column, counts and amounts log-transformed (they are skewed).
 */
export function guessFeatures(
	columns: readonly { name: string; type: string; role: string | null }[],
	hasTime: boolean
): FeatureInput[] {
	const numeric = columns.filter((c) => c.role === null && NUMERIC.test(c.type) && !ID_LIKE.test(c.name));
	if (!hasTime)
		return numeric.slice(0, MAX_GUESSED).map((c) => ({ agg: 'first', column: c.name, name: c.name }));
	const out: FeatureInput[] = [
		{ agg: 'count', name: 'events', log: true },
		{ agg: 'active_days', name: 'active days', log: true },
		{ agg: 'recency_days', name: 'recency days' }
	];
	const money = numeric.find((c) => MONEY.test(c.name));
	if (money) out.push({ agg: 'sum', column: money.name, name: `sum ${money.name}`, log: true });
	return out;
}

function plural(n: number, word: string): string {
	return `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
}

/** "k = 5 · z-score · 3 features (log events) · seed 0 · best of 10" and the scope's text. */
export function settingsLine(spec: KmeansSpec, result: KmeansResult | null, source: string | null): string {
	const logs = spec.features.filter((f) => f.log).map((f) => f.name);
	const scale = { none: 'no scaling', minmax: 'min-max scaled', zscore: 'z-scored' }[spec.scale];
	return [
		`k = ${typeof spec.k === 'number' ? spec.k : spec.k.join('–')}`,
		`${plural(spec.features.length, 'feature')}: ${spec.features.map((f) => f.name).join(', ')}`,
		scale,
		logs.length ? `log of ${logs.join(', ')}` : null,
		`seed ${spec.seed}, best of ${spec.nInit}`,
		result && result.skipped ? `${plural(result.skipped, 'user')} without every feature left out` : null,
		source
	]
		.filter(Boolean)
		.join(' · ');
}

/** The profiles table: one row per cluster, its size and share, then each feature's centroid and difference. */
export function profileTable(r: KmeansResult): { header: string[]; rows: (string | number)[][] } {
	const header = [
		'cluster',
		'label',
		'users',
		'share',
		...r.features.flatMap((f) => [f, `${f} (sd from mean)`])
	];
	const rows = r.clusters.map((c, i) => [
		i + 1,
		c.label,
		c.size,
		r.users ? c.size / r.users : 0,
		...r.features.flatMap((f) => [c.centroid[f], c.diff[f]])
	]);
	return { header, rows };
}

/** The labels CSV: each user's cluster (numbered from 1, as on screen) and its label. */
export function labelsTable(r: KmeansResult): { header: string[]; rows: (string | number)[][] } {
	return {
		header: ['user', 'cluster', 'label'],
		rows: (r.rows ?? []).map((u) => [u.user, u.cluster + 1, r.clusters[u.cluster].label])
	};
}

/** The default name of a saved cluster segment: "Cluster 2: frequent, recent". */
export function clusterSegmentName(r: KmeansResult, cluster: number): string {
	return `Cluster ${cluster + 1}: ${r.clusters[cluster].label}`;
}
