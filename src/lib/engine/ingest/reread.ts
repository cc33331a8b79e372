/**
 * Reading delimited files again as plain UTF-8 (formats/plain-text.ts) when the first read showed it is
 * needed: lines that are not UTF-8 past the first bytes, gzip data that ends early or is damaged, or lines
 * that end in more than one way.
 */
import { TooLargeError } from '../size-limit.ts';
import type { Part } from './types.ts';

/** How a delimited file is made plain before DuckDB reads it again (formats/plain-text.ts). */
export interface PlainMode {
	/** Every line ended with \n alone. */
	lineEnds: boolean;
}

/**
 * Thrown when a read showed that some delimited files must be read again as plain UTF-8 made by
 * formats/plain-text.ts: lines that are not UTF-8 past the first bytes, a gzip stream that ends early or
 * is damaged, or (`lineEnds`) lines that end in two ways.
 */
export class RereadNeeded extends Error {
	readonly parts: number[];
	readonly lineEnds: boolean;
	constructor(parts: number[], lineEnds = false) {
		super(`Files ${parts.join(', ')} must be read again as plain UTF-8`);
		this.parts = parts;
		this.lineEnds = lineEnds;
	}
}

/**
 * The files a failed read must read again plain, and how: DuckDB failing to decompress gzip (damaged, not
 * only cut off: plain-text.ts keeps what comes before the damage and says so), or its reader refusing a
 * file whose lines end in two ways (the internal file name in its message says which file).
 */
export function rereadsFor(e: unknown, parts: Part[]): RereadNeeded | null {
	if (e instanceof RereadNeeded) return e;
	if (e instanceof TooLargeError) return null;
	const gz = parts.flatMap((p, i) => (gzipFailed(e, p) ? [i] : []));
	if (gz.length > 0) return new RereadNeeded(gz);
	const text = String(e instanceof Error ? e.message : e);
	if (!/state machine reached an invalid state/i.test(text)) return null;
	const aliased = [...text.matchAll(/\/inputs\/__g\d+_file(\d+)/g)].map((m) => Number(m[1]));
	const named = parts.flatMap((p, i) => (p.text && text.includes(p.source.name) ? [i] : []));
	const which = aliased.length
		? aliased
		: named.length
			? named
			: parts.flatMap((p, i) => (p.text ? [i] : []));
	return new RereadNeeded(which, true);
}

/**
 * Whether `e` is DuckDB failing to decompress `part` (gzip data damaged, not only cut off): the file is
 * then decompressed by plain-text.ts, which keeps what comes before the damage and says so.
 */
export function gzipFailed(e: unknown, part: Part): boolean {
	const t = part.text;
	return Boolean(t && t.compression === 'gzip' && !t.transcoded && /gzip|inflate|zlib/i.test(String(e)));
}

/** After the first read: waits for the passes over the text that ran beside it. */
export async function awaitScans(parts: Part[]): Promise<void> {
	for (const p of parts) if (p.text?.scan) p.text.scanned = await p.text.scan;
}

/**
 * After the first read (its rejects counted and scans awaited): the delimited files that must be read again
 * as plain UTF-8, because DuckDB rejected lines of them as not UTF-8 or their gzip stream ends early.
 */
export function partsToReread(parts: Part[]): number[] {
	const out: number[] = [];
	for (const [i, p] of parts.entries()) {
		if (!p.text || p.text.transcoded) continue;
		if ((p.text.encodingErrors ?? 0) > 0 || p.text.scanned?.whole === false) out.push(i);
	}
	return out;
}
