/**
 * JSON text of values kept whole (arrays, the deep part of a record), at any depth. Pure; used by the
 * loaders and by the preview on the page.
 */

/**
 * Nested keys are spread into dotted columns down to this many keys; a deeper part stays one value, as JSON
 * text (the JSON loader and the preview alike). Real exports nest a handful of levels; a record nested
 * thousands deep, hostile or broken, then costs one text column instead of the stack and the file.
 */
export const MAX_PATH_DEPTH = 32;

/** 64-bit integers become numbers when exact, else digit strings; bytes become hex; Dates their ISO text. */
function prepare(v: unknown): unknown {
	if (typeof v === 'bigint') {
		return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
			? Number(v)
			: v.toString();
	}
	if (v instanceof Uint8Array) return Array.from(v, (b) => b.toString(16).padStart(2, '0')).join('');
	if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
		return (v as { toJSON(): unknown }).toJSON();
	}
	return v;
}

/**
 * `JSON.stringify(value)` with 64-bit integers and bytes written as `prepare` says. JSON.stringify recurses
 * and throws "Maximum call stack size exceeded" a few thousand levels down (a record nested 10,000 deep is
 * a few kilobytes of text): such values are written by an explicit stack instead, with the same result.
 */
export function jsonText(value: unknown): string {
	try {
		return JSON.stringify(value, (_key, v: unknown) => prepare(v)) ?? 'null';
	} catch (e) {
		if (!(e instanceof RangeError)) throw e;
		return deepJsonText(value);
	}
}

type Frame =
	{ array: readonly unknown[]; i: number } | { object: Record<string, unknown>; keys: string[]; i: number };

const omitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** JSON.stringify's output without recursion (exported for tests). */
export function deepJsonText(root: unknown): string {
	const out: string[] = [];
	const stack: Frame[] = [];
	const write = (raw: unknown) => {
		const v = prepare(raw);
		if (v === null || omitted(v)) out.push('null');
		else if (typeof v === 'string') out.push(JSON.stringify(v));
		else if (typeof v === 'number') out.push(Number.isFinite(v) ? String(v) : 'null');
		else if (typeof v === 'boolean') out.push(String(v));
		else if (Array.isArray(v)) {
			out.push('[');
			stack.push({ array: v, i: 0 });
		} else {
			const object = v as Record<string, unknown>;
			out.push('{');
			stack.push({ object, keys: Object.keys(object).filter((k) => !omitted(prepare(object[k]))), i: 0 });
		}
	};
	write(root);
	while (stack.length > 0) {
		const f = stack[stack.length - 1];
		if ('array' in f) {
			if (f.i >= f.array.length) {
				out.push(']');
				stack.pop();
				continue;
			}
			if (f.i > 0) out.push(',');
			write(f.array[f.i++]);
		} else {
			if (f.i >= f.keys.length) {
				out.push('}');
				stack.pop();
				continue;
			}
			if (f.i > 0) out.push(',');
			const key = f.keys[f.i++];
			out.push(JSON.stringify(key), ':');
			write(f.object[key]);
		}
	}
	return out.join('');
}
