import { describe, expect, test } from 'vitest';
import { ReadAhead, type BlockSource } from '../../src/lib/engine/read-ahead.ts';

/** Two files of pseudo-random bytes, and a source that counts its reads. */
function files() {
	const make = (n: number, seed: number) => {
		const out = new Uint8Array(n);
		let x = seed;
		for (let i = 0; i < n; i++) {
			x = (x * 1103515245 + 12345) >>> 0;
			out[i] = x >>> 24;
		}
		return out;
	};
	const data = new Map([
		['a.csv', make(100_000, 1)],
		['b.csv.gz', make(37_000, 2)]
	]);
	const calls: { name: string; start: number; length: number }[] = [];
	const source: BlockSource = {
		read(name, start, length) {
			calls.push({ name, start, length });
			return data.get(name)!.slice(start, start + length);
		}
	};
	return { data, calls, source };
}

describe('read-ahead of dropped files', () => {
	test('serves every read, at any offset and length, with the bytes of the file', () => {
		const { data, source } = files();
		const ahead = new ReadAhead(source, 4096);
		let seed = 7;
		const rand = (n: number) => {
			seed = (seed * 16807) % 2147483647;
			return seed % n;
		};
		for (let i = 0; i < 2000; i++) {
			const name = rand(3) === 0 ? 'b.csv.gz' : 'a.csv';
			const file = data.get(name)!;
			const start = rand(file.length + 100);
			const length = rand(3) === 0 ? rand(10_000) : rand(300);
			const target = new Uint8Array(length + 16).fill(0xee);
			const n = ahead.read(name, start, length, target, 8);
			const want = file.subarray(start, start + length);
			expect(n).toBe(want.length);
			expect(target.subarray(8, 8 + n)).toEqual(want);
			// Nothing is written outside the requested range.
			expect(target.subarray(0, 8).every((b) => b === 0xee)).toBe(true);
			expect(target.subarray(8 + n).every((b) => b === 0xee)).toBe(true);
		}
	});

	test('small sequential reads cost one source read per block; a large one is read once and kept', () => {
		const { calls, source } = files();
		const ahead = new ReadAhead(source, 10_000);
		const target = new Uint8Array(100_000);
		let offset = 0;
		while (offset < 100_000) offset += ahead.read('a.csv', offset, 500, target, offset);
		expect(offset).toBe(100_000);
		expect(calls).toHaveLength(10);
		expect(calls.every((c) => c.length === 10_000)).toBe(true);

		calls.length = 0;
		expect(ahead.read('a.csv', 0, 50_000, target, 0)).toBe(50_000);
		expect(ahead.read('a.csv', 0, 50_000, target, 0)).toBe(50_000);
		expect(ahead.read('a.csv', 100, 200, target, 0)).toBe(200);
		expect(calls).toEqual([{ name: 'a.csv', start: 0, length: 50_000 }]);
		ahead.release();
		ahead.read('a.csv', 100, 200, target, 0);
		expect(calls).toHaveLength(2);
	});

	test('a read past the end gives 0 bytes, and another file is never served from the buffer', () => {
		const { data, source } = files();
		const ahead = new ReadAhead(source, 4096);
		const target = new Uint8Array(64);
		expect(ahead.read('b.csv.gz', 37_000, 64, target, 0)).toBe(0);
		ahead.read('a.csv', 0, 64, target, 0);
		expect(target).toEqual(data.get('a.csv')!.subarray(0, 64));
		ahead.read('b.csv.gz', 0, 64, target, 0);
		expect(target).toEqual(data.get('b.csv.gz')!.subarray(0, 64));
	});
});
