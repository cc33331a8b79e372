/**
 * Limits every workspace file passes before its fields are read (issue 13: a workspace file is untrusted
 * input). The structure check walks the parsed JSON once, iteratively, so a hostile depth or size is refused
 * with a message instead of exhausting the stack or the page's memory.
 */

/** Largest workspace file read (bytes): the data inside is bounded by the loaders' own limit after this. */
export const MAX_FILE_BYTES = 300 * 1024 * 1024;
/** Deepest nesting of objects and arrays anywhere in the file (segment rules and results need far less). */
export const MAX_DEPTH = 32;
/** Longest ordinary string (characters); data files' base64 is checked on its own. */
export const MAX_STRING = 10_000;
/** Most values (objects, arrays, scalars) in the file outside the data's base64. */
export const MAX_NODES = 2_000_000;
/** Most segments, analyses and data files one file may hold. */
export const MAX_SEGMENTS = 500;
export const MAX_ANALYSES = 500;
export const MAX_DATA_FILES = 50;
/** Keys that could reach an object's prototype if a later step ever copied them with assignment. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A workspace file that cannot be opened: `field` is the JSON path (`analyses[2].title`), `message` is for people. */
export class ShareError extends Error {
	readonly field: string;
	constructor(field: string, message: string) {
		super(message);
		this.name = 'ShareError';
		this.field = field;
	}
}

/** `field` joined with `key` as a person reads a path: `analyses[2].title`. */
export function at(path: string, key: string | number): string {
	if (typeof key === 'number') return `${path}[${key}]`;
	const safe = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key.slice(0, 40));
	return path ? `${path}.${safe}` : safe;
}

/**
 * Throws ShareError at the first value that breaks a limit: nesting deeper than MAX_DEPTH, a string longer
 * than MAX_STRING (except at paths `isBulk` accepts: the data's base64), a forbidden key, or more than
 * MAX_NODES values.
 */
export function checkStructure(root: unknown, isBulk: (path: string) => boolean = () => false): void {
	const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: '', depth: 0 }];
	let nodes = 0;
	while (stack.length) {
		const { value, path, depth } = stack.pop()!;
		if (++nodes > MAX_NODES)
			throw new ShareError(
				path,
				`This workspace file holds more than ${MAX_NODES.toLocaleString('en')} values: it was not written by Footfall, or is damaged.`
			);
		if (typeof value === 'string') {
			if (value.length > MAX_STRING && !isBulk(path))
				throw new ShareError(
					path,
					`${path || 'A value'} is ${value.length.toLocaleString('en')} characters long; a workspace file allows ${MAX_STRING.toLocaleString('en')} there. Remove or shorten it, or export the workspace again.`
				);
			continue;
		}
		if (typeof value !== 'object' || value === null) continue;
		if (depth >= MAX_DEPTH)
			throw new ShareError(
				path,
				`${path || 'The file'} is nested more than ${MAX_DEPTH} levels deep: a workspace file written by Footfall never is. Export the workspace again.`
			);
		if (Array.isArray(value)) {
			value.forEach((v, i) => stack.push({ value: v, path: at(path, i), depth: depth + 1 }));
			continue;
		}
		for (const [k, v] of Object.entries(value)) {
			if (FORBIDDEN_KEYS.has(k))
				throw new ShareError(
					at(path, k),
					`${at(path, k)} is not a field a workspace file can have. Remove it, or export the workspace again.`
				);
			stack.push({ value: v, path: at(path, k), depth: depth + 1 });
		}
	}
}
