import { describe, expect, test } from 'vitest';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { appsUnderTest, reportStats } from './harness.ts';

const apps = appsUnderTest();
// A line with an extra field whose last field opens a quote never closed (the walk-through's file).
const FILE = path.resolve('test/fixtures/malformed-lines.csv');
const FILE_COLUMNS = readFileSync(FILE, 'utf8').split('\n')[0].split(',');

/**
 * Where each report table draws its header and rows, in page pixels: the header cells' top and bottom, and
 * each body row's first cell text with its top and bottom.
 */
function tableLayout(page: Page) {
	return page.evaluate(() =>
		[...document.querySelectorAll('section.report table')].map((t) => {
			const box = (el: Element) => {
				const r = el.getBoundingClientRect();
				return { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY };
			};
			const ths = [...t.querySelectorAll('thead th')].map(box);
			return {
				headTop: Math.min(...ths.map((b) => b.top)),
				headBottom: Math.max(...ths.map((b) => b.bottom)),
				rows: [...t.querySelectorAll('tbody tr')].map((tr) => ({
					first: tr.querySelector('td')?.textContent ?? '',
					...box(tr)
				}))
			};
		})
	);
}

describe('the ingest report after a remap that fails', () => {
	test('regression: its tables keep their header on top and every row visible, with the page scrolled to Apply', async () => {
		const app = await apps.open('?demo=0');
		const { page } = app;
		await page.getByTestId('file-input').setInputFiles(FILE);
		const before = await reportStats(page);
		const columnsBefore = await page
			.getByTestId('columns')
			.locator('tbody tr td:first-child')
			.allInnerTexts();
		expect(columnsBefore).toEqual(FILE_COLUMNS);

		// `plan` holds "free" on every line: no value reads as a time, so the remap fails.
		await page.getByTestId('map-time').selectOption('plan');
		await page.getByTestId('apply-mapping').click();
		await page.getByText('No value of the time column "plan"').waitFor();
		// Where a person is after clicking Apply: at the bottom of the page, the report's tables above.
		await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
		expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);

		expect(await reportStats(page)).toEqual(before);
		const tables = await tableLayout(page);
		expect(tables.length).toBe(2); // rejected rows, columns
		for (const t of tables) {
			expect(t.rows.length).toBeGreaterThan(0);
			// The header is the first thing drawn, and no header cell lies over a row.
			expect(t.headBottom).toBeLessThanOrEqual(Math.min(...t.rows.map((r) => r.top)) + 1);
			for (const r of t.rows) expect(r.top >= t.headBottom - 1 || r.bottom <= t.headTop + 1).toBe(true);
		}
		expect(tables[1].rows.map((r) => r.first)).toEqual(FILE_COLUMNS);

		// Inside a table's own scroll box (as DataTable draws results) the header still stays in sight.
		const gap = await page.evaluate(() => {
			const box = document.createElement('div');
			box.className = 'scroll';
			box.style.cssText = 'overflow: auto; max-height: 120px';
			const body = Array.from({ length: 30 }, (_, i) => `<tr><td>${i}</td></tr>`).join('');
			box.innerHTML = `<table class="grid"><thead><tr><th>n</th></tr></thead><tbody>${body}</tbody></table>`;
			document.querySelector('section.report')?.append(box);
			box.scrollTop = 200;
			const th = box.querySelector('th')?.getBoundingClientRect().top ?? NaN;
			const gap = th - box.getBoundingClientRect().top;
			box.remove();
			return gap;
		});
		expect(Math.abs(gap)).toBeLessThanOrEqual(1);
	});
});
