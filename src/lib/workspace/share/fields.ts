/** Field checks of a workspace file (validate.ts): each names the field it refuses, in the user's words. */
import { SpecError } from '../../spec/check.ts';
import { at, ShareError } from './guard.ts';

/** Longest title or name kept (characters). */
export const MAX_TITLE = 200;

export type Obj = Record<string, unknown>;

/** The object at `path`, refusing keys outside `keys` and missing `required` ones. */
export function object(
	x: unknown,
	path: string,
	keys: readonly string[],
	required: readonly string[] = keys
): Obj {
	if (typeof x !== 'object' || x === null || Array.isArray(x))
		throw new ShareError(path, `${path} must be an object (JSON "{...}").`);
	const o = x as Obj;
	for (const k of Object.keys(o))
		if (!keys.includes(k))
			throw new ShareError(at(path, k), `${at(path, k)} is not a field of a workspace file: remove it.`);
	for (const k of required) if (!(k in o)) throw new ShareError(at(path, k), `${at(path, k)} is missing.`);
	return o;
}
/** The list at `path`, of at most `max` entries. */
export function list(x: unknown, path: string, max: number): unknown[] {
	if (!Array.isArray(x)) throw new ShareError(path, `${path} must be a list (JSON "[...]").`);
	if (x.length > max)
		throw new ShareError(path, `${path} holds ${x.length} entries; at most ${max} are allowed.`);
	return x;
}
/** The text at `path`, of at most `max` characters. */
export function text(x: unknown, path: string, max: number): string {
	if (typeof x !== 'string') throw new ShareError(path, `${path} must be text.`);
	if (x.length > max) throw new ShareError(path, `${path} is longer than ${max} characters.`);
	return x;
}
/** A name or title as kept: control characters become spaces, trimmed; `fallback` when nothing is left. */
export function cleanText(x: unknown, path: string, max: number, fallback: string): string {
	return (
		text(x, path, max)
			.replace(/\p{Cc}/gu, ' ')
			.trim() || fallback
	);
}
/** true or false at `path`. */
export function bool(x: unknown, path: string): boolean {
	if (typeof x !== 'boolean') throw new ShareError(path, `${path} must be true or false.`);
	return x;
}
/** A finite number from `min` to `max` at `path`. */
export function number(x: unknown, path: string, min: number, max: number): number {
	if (typeof x !== 'number' || !Number.isFinite(x) || x < min || x > max)
		throw new ShareError(path, `${path} must be a number from ${min} to ${max}.`);
	return x;
}
const ID = /^[\w-]{1,64}$/;
/** A file-local id at `path`: 1 to 64 letters, digits, "-" or "_". */
export function id(x: unknown, path: string): string {
	const s = text(x, path, 64);
	if (!ID.test(s)) throw new ShareError(path, `${path} must be 1 to 64 letters, digits, "-" or "_".`);
	return s;
}
/** A SpecError of the registry or the rule checks, as the same field of the file. */
export function spec<T>(f: () => T): T {
	try {
		return f();
	} catch (e) {
		if (e instanceof SpecError) throw new ShareError(e.path, `${e.message}.`.replace(/\.\.$/, '.'));
		throw e;
	}
}
