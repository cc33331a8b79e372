import { describe, expect, it } from 'vitest';
import { formatMs, formatRuns, markdownTable, median, ratio, summarize } from '../../test/bench/stats.ts';

describe('benchmark summaries (test/bench/stats.ts)', () => {
	it('takes the middle value, or the mean of the two middle ones, whatever the order', () => {
		expect(median([30, 10, 20])).toBe(20);
		expect(median([4, 1, 3, 2])).toBe(2.5);
		expect(() => median([])).toThrow('no values');
	});

	it('keeps every run with its median and minimum', () => {
		expect(summarize([1200, 900, 1500])).toEqual({ runs: [1200, 900, 1500], median: 1200, min: 900 });
	});

	it('writes ms under 10 s and seconds above, and a dash for a missing figure', () => {
		expect(formatMs(4.26)).toBe('4.3 ms');
		expect(formatMs(1234.4)).toBe('1,234 ms');
		expect(formatMs(12_345)).toBe('12.3 s');
		expect(formatMs(null)).toBe('—');
		expect(formatRuns({ runs: [2, 3], median: 2500, min: 2000 })).toBe('2,500 ms (2,000 ms)');
	});

	it('divides to two decimals and refuses a zero or missing divisor', () => {
		expect(ratio(4100, 2800)).toBe('1.46×');
		expect(ratio(4100, 0)).toBe('—');
		expect(ratio(undefined, 2800)).toBe('—');
	});

	it('writes a markdown table with escaped pipes', () => {
		expect(markdownTable(['a', 'b'], [['1', 'x|y']])).toBe('| a | b |\n| --- | --- |\n| 1 | x\\|y |');
	});
});
