import { describe, expect, test } from 'vitest';
import { mulberry32 as random } from './support/random.ts';
import { LineLengths, LongLineWatch, MAX_LINE_BYTES } from '../../src/lib/engine/formats/text-scan.ts';

/** A file of lines with the given lengths (bytes before each \n), the last one without its \n when `open`. */
function file(lengths: number[], open = false): Uint8Array {
	const total = lengths.reduce((n, l) => n + l + 1, 0) - (open ? 1 : 0);
	const bytes = new Uint8Array(total).fill(0x61);
	let at = 0;
	for (const l of lengths) {
		at += l;
		if (at < total) bytes[at++] = 0x0a;
	}
	return bytes;
}

/** Feeds `bytes` to a watch in reads of random sizes, as DuckDB's reader would (sometimes reading back). */
function watched(bytes: Uint8Array, next: () => number, skip = -1) {
	const watch = new LongLineWatch();
	let at = 0;
	for (let k = 0; at < bytes.length; k++) {
		const start = next() < 0.2 ? Math.max(0, at - Math.floor(next() * 100_000)) : at;
		const end = Math.min(bytes.length, start + 1 + Math.floor(next() * 3_000_000));
		if (k !== skip) watch.take(start, bytes.subarray(start, end));
		at = end;
	}
	return watch.result(bytes.length);
}

/** The independent count: every line measured (text-scan.ts LineLengths, what the full scan does). */
function longLines(bytes: Uint8Array) {
	const lengths = new LineLengths();
	lengths.take(bytes);
	return lengths.finish().longCount;
}

describe('long lines seen in the bytes of the read', () => {
	test('files whose lines are all under a megabyte are proven free of long lines', () => {
		const next = random(1);
		for (let f = 0; f < 8; f++) {
			const lengths = Array.from({ length: 200 }, () => Math.floor(next() ** 4 * (MAX_LINE_BYTES / 2 - 1)));
			const bytes = file(lengths, next() < 0.5);
			expect(longLines(bytes)).toBe(0);
			expect(watched(bytes, next)).toEqual({ whole: true, longLines: [], longCount: 0 });
		}
	});

	test('a line of MAX_LINE_BYTES or more is never missed: the full scan must run', () => {
		const next = random(2);
		for (let f = 0; f < 20; f++) {
			const lengths = Array.from({ length: 50 }, () => Math.floor(next() * 50_000));
			lengths.splice(Math.floor(next() * 51), 0, MAX_LINE_BYTES + Math.floor(next() * 1000));
			const bytes = file(lengths, next() < 0.5);
			expect(longLines(bytes)).toBe(1);
			expect(watched(bytes, next)).toBeNull();
		}
	});

	test('a long last line without its newline, lines just under the limit, and reads that skip bytes', () => {
		const next = random(3);
		expect(watched(file([10, 20, MAX_LINE_BYTES], true), next)).toBeNull();
		const under = file([MAX_LINE_BYTES - 1, 5, MAX_LINE_BYTES - 1]);
		expect(longLines(under)).toBe(0);
		// Lines this long may or may not be proven short; proven, they must be.
		const r = watched(under, next);
		expect(r === null || r.longCount === 0).toBe(true);
		const short = file(Array.from({ length: 3000 }, () => 3000));
		expect(watched(short, next, 1)).toBeNull();
		expect(new LongLineWatch().result(short.length)).toBeNull();
	});
});
