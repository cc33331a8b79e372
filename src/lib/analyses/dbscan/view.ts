/** What the density clusters screen shows besides charts: the settings line, tables, names. Pure. */
import type { KmeansCluster } from '../kmeans/spec.ts';
import { NOISE_LABEL, type DbscanResult, type DbscanSpec } from './spec.ts';

function plural(n: number, word: string): string {
	return `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
}

/** eps as the screen writes it: three significant digits. */
export function formatEps(eps: number): string {
	return Number(eps.toPrecision(3)).toString();
}

/**
 * "eps = 0.412 (suggested: the knee) · minPts 5 · 2 features: income, score · z-scored" and the scope's text:
 * the parameters that produced the result (issue 12).
 */
export function settingsLine(spec: DbscanSpec, result: DbscanResult | null, source: string | null): string {
	const logs = spec.features.filter((f) => f.log).map((f) => f.name);
	const scale = { none: 'no scaling', minmax: 'min-max scaled', zscore: 'z-scored' }[spec.scale];
	const eps =
		spec.eps !== null
			? `eps = ${formatEps(spec.eps)}`
			: result
				? `eps = ${formatEps(result.eps)} (suggested: the k-distance knee)`
				: 'eps: the k-distance knee';
	return [
		eps,
		`minPts ${spec.minPts}`,
		`${plural(spec.features.length, 'feature')}: ${spec.features.map((f) => f.name).join(', ')}`,
		scale,
		logs.length ? `log of ${logs.join(', ')}` : null,
		result && result.skipped ? `${plural(result.skipped, 'user')} without every feature left out` : null,
		source
	]
		.filter(Boolean)
		.join(' · ');
}

/** The clusters then the noise, each with its number as shown (1.., or NOISE_LABEL). */
export function groups(r: DbscanResult): { id: number; c: KmeansCluster }[] {
	return [...r.clusters.map((c, i) => ({ id: i, c })), { id: NOISE_LABEL, c: r.noise }];
}

/** "Cluster 2" or "Noise". */
export function groupName(id: number): string {
	return id === NOISE_LABEL ? 'Noise' : `Cluster ${id + 1}`;
}

/** The profiles table: a row per cluster and one for the noise, size and share, each feature's centroid and difference. */
export function profileTable(r: DbscanResult): { header: string[]; rows: (string | number)[][] } {
	const header = [
		'cluster',
		'label',
		'users',
		'share',
		...r.features.flatMap((f) => [f, `${f} (sd from mean)`])
	];
	const rows = groups(r).map(({ id, c }) => [
		id === NOISE_LABEL ? 'noise' : id + 1,
		c.label,
		c.size,
		r.users ? c.size / r.users : 0,
		...r.features.flatMap((f): (string | number)[] => (c.size ? [c.centroid[f], c.diff[f]] : ['', '']))
	]);
	return { header, rows };
}

/** The labels CSV: each user's cluster (from 1, as on screen; "noise" for noise) and its label. */
export function labelsTable(r: DbscanResult): { header: string[]; rows: (string | number)[][] } {
	return {
		header: ['user', 'cluster', 'label'],
		rows: (r.rows ?? []).map((u) =>
			u.cluster === NOISE_LABEL
				? [u.user, 'noise', 'noise']
				: [u.user, u.cluster + 1, r.clusters[u.cluster].label]
		)
	};
}

/** The default name of a saved segment: "Density cluster 2: frequent, recent" or "Density noise (outliers)". */
export function segmentName(r: DbscanResult, id: number): string {
	return id === NOISE_LABEL
		? 'Density noise (outliers)'
		: `Density cluster ${id + 1}: ${r.clusters[id].label}`;
}
