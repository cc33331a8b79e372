import { describe, expect, it } from 'vitest';
import { rangesSection } from '../../test/bench/ranges/report.ts';
import type { RangesVariant } from '../../test/bench/ranges.ts';
import type { SizeResults } from '../../test/bench/results.ts';
import { summarize } from '../../test/bench/stats.ts';

const when = () => 'finished 14:10 UTC; load average before: 3.00; after: 4.00';
const plain: RangesVariant = {
	total: summarize([2000, 2100, 1900]),
	cpu: summarize([2500, 2600, 2400]),
	startMs: 900,
	peakRssMB: 570,
	heapMB: 245
};
const two: RangesVariant = {
	total: summarize([1600, 1500, 1700]),
	cpu: summarize([3000, 3100, 2900]),
	split: summarize([150, 160, 140]),
	sniff: summarize([120, 130, 110]),
	parse: summarize([1100, 1000, 1200]),
	combine: summarize([300, 310, 290]),
	insert: summarize([290, 300, 280]),
	transfer: summarize([10, 10, 10]),
	workerParse: summarize([1000, 950, 1050]),
	workerExport: summarize([60, 70, 50]),
	startMs: 1400,
	peakRssMB: 900,
	heapMB: 520
};
const sized = (check: string[]): SizeResults => ({
	rows: 1_000_000,
	csvMB: 113.9,
	ranges: {
		at: '14:10 UTC',
		loadBefore: '3.00',
		loadAfter: '4.00',
		data: {
			variants: { 'plain read_csv': plain, '2 parts': two },
			rows: 1_000_000,
			quotes: false,
			movedOutOfQuotes: 0,
			check
		}
	}
});

describe('the byte-range section of BENCHMARKS.md', () => {
	it('puts each variant in a column, with the speed-up and the CPU added against the plain read', () => {
		const md = rangesSection(sized([]), when).join('\n');
		expect(md).toContain('| what | plain read_csv | 2 parts |');
		expect(md).toContain(
			'| file → table complete (bench clock) | 2,000 ms (1,900 ms) | 1,600 ms (1,500 ms) |'
		);
		// 2000 / 1600 and 3000 / 2500, by hand.
		expect(md).toContain('| plain read / this, by wall time (speed-up) | 1.00× | 1.25× |');
		expect(md).toContain('| this / plain read, by CPU time (work added) | 1.00× | 1.20× |');
		expect(md).toContain('| … split: file read into the page, cuts found | — | 150 ms (140 ms) |');
		expect(md).toContain('| wasm heaps at the end, summed over workers (MB) | 245 | 520 |');
		expect(md).toContain('load average before: 3.00');
		expect(md).toContain('Every split read’s table equals the plain read’s');
	});

	it('names every difference from the plain read, and says when the part was not measured', () => {
		const md = rangesSection(sized(['2 parts, run: checksum differs from the plain read’s']), when).join(
			'\n'
		);
		expect(md).toContain('Differences from the plain read: 2 parts, run: checksum differs');
		expect(md).not.toContain('equals the plain read’s');
		expect(rangesSection({ rows: 1, csvMB: 0 }, when)).toEqual([
			'Byte ranges in several workers: not measured.'
		]);
	});
});
