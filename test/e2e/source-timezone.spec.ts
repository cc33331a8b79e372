import { describe, expect, test } from 'vitest';
import path from 'node:path';
import { appsUnderTest, reportStats } from './harness.ts';

const EXPORT = path.resolve('test/fixtures/cases/vendor-utc-without-zone/export.json');
const apps = appsUnderTest();

describe('the zone of times written without one, in the mapping panel', () => {
	test("an Amplitude export's zone-less UTC times: the default shown and explained, and editable", async () => {
		const app = await apps.open('?demo=0');
		await app.page.getByTestId('file-input').setInputFiles(EXPORT);
		await reportStats(app.page);
		const report = app.page.getByTestId('ingest-done');
		expect(await report.getAttribute('data-first-time')).toBe('2025-01-06T23:30:00.000Z');
		const source = app.page.getByTestId('map-source-timezone');
		expect(await source.inputValue()).toBe('');
		expect(await source.getAttribute('placeholder')).toBe('UTC');
		expect(await app.page.getByTestId('map-source-timezone-note').innerText()).toMatch(
			/Amplitude writes its times in UTC without saying so/
		);

		await app.page.getByTestId('map-timezone').fill('Europe/Paris');
		await app.page.getByTestId('apply-mapping').click();
		await app.page.locator('[data-testid="ingest-done"][data-timezone="Europe/Paris"]').waitFor();
		expect(await report.getAttribute('data-source-timezone')).toBe('UTC');
		expect(await report.getAttribute('data-first-time')).toBe('2025-01-06T23:30:00.000Z');

		// Read as Paris wall clock instead, 23:30 is 22:30 UTC.
		await app.page.getByTestId('map-source-timezone').fill('Europe/Paris');
		await app.page.getByTestId('apply-mapping').click();
		await app.page.locator('[data-testid="ingest-done"][data-source-timezone="Europe/Paris"]').waitFor();
		expect(await report.getAttribute('data-first-time')).toBe('2025-01-06T22:30:00.000Z');
		expect(await app.page.getByTestId('map-source-timezone').inputValue()).toBe('Europe/Paris');
	});
});
