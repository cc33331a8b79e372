import { withAnalysisDefaults } from './defaults.ts';
import type { AnalysisSpecInput } from './types.ts';

/**
 * Bump when a compiler's meaning changes (a bug fix that changes numbers), so results cached under the old
 * meaning are not served again.
 */
export const SPEC_HASH_VERSION = 1;

/** JSON with object keys sorted at every level and undefined fields dropped: one text per value. */
export function canonicalJson(value: unknown): string {
	if (value === null || typeof value !== 'object') {
		if (typeof value === 'number' && !Number.isFinite(value))
			throw new Error(`Cannot hash the number ${value}`);
		if (typeof value === 'bigint') return value.toString();
		return JSON.stringify(value) ?? 'null';
	}
	if (Array.isArray(value))
		return '[' + value.map((v) => canonicalJson(v === undefined ? null : v)).join(',') + ']';
	const entries = Object.entries(value as Record<string, unknown>)
		.filter(([, v]) => v !== undefined)
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return '{' + entries.map(([k, v]) => JSON.stringify(k) + ':' + canonicalJson(v)).join(',') + '}';
}

/**
 * The cache key of a result: SHA-256 (hex) of the dataset fingerprint and the analysis with defaults
 * applied, so specs that differ only in key order or in spelling out a default share one key.
 */
export async function specHash(datasetFingerprint: string, analysis: AnalysisSpecInput): Promise<string> {
	const text = canonicalJson({
		v: SPEC_HASH_VERSION,
		dataset: datasetFingerprint,
		analysis: withAnalysisDefaults(analysis)
	});
	const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
	return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
