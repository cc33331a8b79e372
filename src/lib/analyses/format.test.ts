/** Result numbers as people read them: shares as percentages, seconds in their two largest units. */
import { describe, expect, it } from 'vitest';
import { datesOnly, daysText, elapsedText, secondsText, percentText } from './format.ts';

describe('percentText', () => {
	it('writes a share 0..1 as a percentage with one decimal, as the charts do', () => {
		// 11 of 30 users: 36.666…%.
		expect(percentText(11 / 30)).toBe('36.7%');
		expect(percentText(0)).toBe('0.0%');
		expect(percentText(1)).toBe('100.0%');
	});
});

describe('secondsText', () => {
	it('writes seconds in their two largest units', () => {
		expect(secondsText(45)).toBe('45 s');
		expect(secondsText(90)).toBe('1 min 30 s');
		// 2 h 5 min = 2 × 3600 + 5 × 60.
		expect(secondsText(2 * 3600 + 5 * 60)).toBe('2 h 5 min');
		expect(secondsText(2 * 3600)).toBe('2 h');
		expect(secondsText(3 * 86_400 + 4 * 3600)).toBe('3 d 4 h');
		expect(secondsText(600)).toBe('10 min');
	});
	it('rounds to the smaller unit and carries into the larger one', () => {
		// 2 h 5 min 40 s rounds to 2 h 6 min; 59.6 s to 1 min; a second short of a day to 1 d.
		expect(secondsText(2 * 3600 + 5 * 60 + 40)).toBe('2 h 6 min');
		expect(secondsText(59.6)).toBe('1 min');
		expect(secondsText(86_399)).toBe('1 d');
		expect(secondsText(3599.6)).toBe('1 h');
		expect(secondsText(7.4)).toBe('7 s');
		expect(secondsText(0)).toBe('0 s');
	});
});

describe('durations on data with dates only', () => {
	it("knows dates-only data by the report's finding or by a time column written as dates", () => {
		expect(datesOnly({ datesOnly: true, timeFormat: { kind: 'text' } })).toBe(true);
		expect(datesOnly({ timeFormat: { kind: 'date' } })).toBe(true);
		expect(datesOnly({ timeFormat: { kind: 'yyyymmdd' } })).toBe(true);
		expect(datesOnly({ timeFormat: { kind: 'timestamp' } })).toBe(false);
		expect(datesOnly({ timeFormat: { kind: 'text' } })).toBe(false);
		expect(datesOnly({ timeFormat: null })).toBe(false);
	});
	it('writes days, never "0 s": the same day, whole days, an interpolated half day', () => {
		expect(daysText(0)).toBe('same day');
		expect(daysText(86_400)).toBe('1 d');
		// The median of 1 and 2 days; 23 hours is a day across a clock change.
		expect(daysText((86_400 + 2 * 86_400) / 2)).toBe('1.5 d');
		expect(daysText(23 * 3600)).toBe('1 d');
		expect(daysText(14 * 86_400)).toBe('14 d');
		expect(elapsedText(0, true)).toBe('same day');
		expect(elapsedText(0, false)).toBe('0 s');
		expect(elapsedText(90, false)).toBe('1 min 30 s');
	});
});
