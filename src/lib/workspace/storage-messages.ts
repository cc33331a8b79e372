/**
 * The sentences a person reads about the browser's storage (issue 13): a full quota, storage that cannot be
 * opened, a dataset that was not kept. Pure. (Kept beside the workspace code: messages.ts words engine and
 * load errors.)
 */
import { formatBytes } from '../components/workbench/file-size.ts';

/** True for a browser's "storage is full" error, however the engine names it (DOMException or Dexie). */
export function isQuotaError(e: unknown): boolean {
	if (!(e instanceof Error)) return false;
	const inner = (e as { inner?: unknown }).inner;
	return (
		e.name === 'QuotaExceededError' ||
		/quota/i.test(e.message) ||
		(inner instanceof Error && isQuotaError(inner))
	);
}

/**
 * Why `label` could not be kept for the next visit: `usage`/`quota` in bytes from navigator.storage.estimate()
 * when known. Says what still works and what the user can do; everything kept before stays as it was.
 */
export function notKeptMessage(
	label: string,
	e: unknown,
	estimate?: { usage?: number; quota?: number }
): string {
	const why = isQuotaError(e)
		? `the browser's storage for this site is full${
				estimate?.usage !== undefined && estimate.quota
					? ` (${formatBytes(estimate.usage)} of ${formatBytes(estimate.quota)} used)`
					: ''
			}`
		: `the browser's storage is unavailable (${e instanceof Error ? e.message : String(e)})`;
	return `${label} is loaded, but it could not be kept for your next visit: ${why}. Everything kept before is unchanged. Free a kept dataset on the Data page (or in another workspace) to make room, or drop the file again next time.`;
}
