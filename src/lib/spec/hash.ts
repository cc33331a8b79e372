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

/** SHA-256 of the UTF-8 text, as 64 lowercase hex digits (Web Crypto: browser, worker and Node alike). */
export async function sha256Hex(text: string): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
	return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
