import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { cutAtLineEnds } from '../../test/bench/ranges/cut.ts';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** Each range of `file` with the header in front, parsed by papaparse (an independent CSV parser). */
function partsParsed(file: string, parts: number): string[][] {
	const b = bytes(file);
	const cut = cutAtLineEnds(b, parts);
	const header = text(b.subarray(0, cut.headerEnd));
	return cut.ranges.flatMap((r) =>
		Papa.parse<string[]>(header + text(b.subarray(r.start, r.end)), { skipEmptyLines: true }).data.slice(1)
	);
}
const wholeParsed = (file: string) => Papa.parse<string[]>(file, { skipEmptyLines: true }).data.slice(1);

describe('cutAtLineEnds', () => {
	// Header `id,v\n` is bytes 0-4; rows of 4 bytes each: `1,a\n` 5-8, `2,b\n` 9-12, `3,c\n` 13-16, `4,d\n` 17-20.
	const four = 'id,v\n1,a\n2,b\n3,c\n4,d\n';

	it('cuts at the line end that closes each even share, the header left out', () => {
		// 16 data bytes in 2 shares of 8: the first ends at byte 12, a line feed, so the cut is at 13.
		expect(cutAtLineEnds(bytes(four), 2)).toEqual({
			headerEnd: 5,
			ranges: [
				{ start: 5, end: 13 },
				{ start: 13, end: 21 }
			],
			quotes: false,
			movedOutOfQuotes: 0
		});
		// Shares of 5.33 bytes end inside rows 2 and 3 (bytes 9 and 14): the cuts move to their line ends.
		expect(cutAtLineEnds(bytes(four), 3).ranges).toEqual([
			{ start: 5, end: 13 },
			{ start: 13, end: 17 },
			{ start: 17, end: 21 }
		]);
		expect(cutAtLineEnds(bytes(four), 1).ranges).toEqual([{ start: 5, end: 21 }]);
	});

	it('keeps \\r\\n line ends whole, a last line without a line end, and gives fewer ranges than rows', () => {
		const crlf = 'id,v\r\n1,a\r\n2,b\r\n3,c';
		// Header 0-5; rows `1,a\r\n` 6-10, `2,b\r\n` 11-15, `3,c` 16-18: the share of 6.5 ends in row 2.
		expect(cutAtLineEnds(bytes(crlf), 2).ranges).toEqual([
			{ start: 6, end: 16 },
			{ start: 16, end: 19 }
		]);
		expect(cutAtLineEnds(bytes(four), 10).ranges).toEqual([
			{ start: 5, end: 9 },
			{ start: 9, end: 13 },
			{ start: 13, end: 17 },
			{ start: 17, end: 21 }
		]);
		expect(cutAtLineEnds(bytes('id,v\n'), 2)).toMatchObject({ headerEnd: 5, ranges: [] });
		expect(cutAtLineEnds(bytes(''), 2)).toMatchObject({ headerEnd: 0, ranges: [] });
		expect(() => cutAtLineEnds(bytes(four), 0)).toThrow(/positive integer/);
		expect(() => cutAtLineEnds(bytes(four), 1.5)).toThrow(/positive integer/);
	});

	it('never cuts inside a quoted field that holds line ends, and says when a naive cut would have', () => {
		// Header `id,note\n` 0-7; row 1 `1,"x\ny\nz"\n` 8-17 (its line feeds at 12 and 14 are inside quotes,
		// the record's at 17); row 2 `2,w\n` 18-21. Half of the 14 data bytes ends at byte 14, a line feed
		// inside the quotes: a naive cut after it would start the second part with `z"`, the field's rest.
		const file = 'id,note\n1,"x\ny\nz"\n2,w\n';
		expect(cutAtLineEnds(bytes(file), 2)).toEqual({
			headerEnd: 8,
			ranges: [
				{ start: 8, end: 18 },
				{ start: 18, end: 22 }
			],
			quotes: true,
			movedOutOfQuotes: 1
		});
		expect(partsParsed(file, 2)).toEqual([
			['1', 'x\ny\nz'],
			['2', 'w']
		]);
	});

	it('reads doubled quotes as RFC 4180 does, quotes in the header too', () => {
		// `"a ""q""\nb"` holds four doubled-quote bytes and a line feed inside its quotes.
		const file = '"i\nd",v\n1,"a ""q""\nb"\n2,c\n';
		const cut = cutAtLineEnds(bytes(file), 3);
		expect(cut.headerEnd).toBe(8);
		expect(partsParsed(file, 3)).toEqual([
			['1', 'a "q"\nb'],
			['2', 'c']
		]);
	});

	it('puts the last cut at the end of the file after an unclosed quote', () => {
		// Rows of 4 bytes from byte 5, row 3 `3,"c\n` of 5 (13-17), its quote at 15 never closed; 21 data bytes.
		const file = 'id,v\n1,a\n2,b\n3,"c\n4,d\n5,e\n';
		const cut = cutAtLineEnds(bytes(file), 4);
		// The first share ends at byte 9, in row 2, before the quote: cut after row 2. Every later line end is
		// inside the quote, so the second share's cut goes to the end of the file.
		expect(cut.ranges).toEqual([
			{ start: 5, end: 13 },
			{ start: 13, end: 26 }
		]);
		expect(file.length).toBe(26);
	});

	it('gives parts whose rows, parsed apart and put together, are the whole file’s', () => {
		// A file of many records with quoted line ends, doubled quotes and commas, at seeded random places.
		let seed = 7;
		const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
		const field = () => {
			const r = rand();
			if (r < 0.2) return '"line\nbreak, ""quoted"""';
			if (r < 0.3) return '"two\r\nlines"';
			return 'v' + Math.floor(rand() * 1000);
		};
		const rows = Array.from({ length: 400 }, (_, i) => `${i},${field()},${field()}`);
		const file = 'id,a,b\n' + rows.join(rand() < 0.5 ? '\n' : '\r\n') + '\n';
		const whole = wholeParsed(file);
		expect(whole).toHaveLength(400);
		let moved = 0;
		for (const parts of [1, 2, 3, 4, 7, 16, 64]) {
			expect(partsParsed(file, parts)).toEqual(whole);
			moved += cutAtLineEnds(bytes(file), parts).movedOutOfQuotes;
		}
		// Some share ended inside a quoted field, and its cut was moved (else this file tests nothing of that).
		expect(moved).toBeGreaterThan(0);
	});
});
