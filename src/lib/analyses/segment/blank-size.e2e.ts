/**
 * The segment builder's size. The fault pinned here: after "Blank" (no condition left) the Size panel still
 * showed the count of the rule before it ("1,742 users · 29.2% of all users" for Active recent), as if it were
 * the size of the empty rule. A rule that is not finished shows no count, and says what to do.
 */
import { describe, expect, test } from 'vitest';
import { appsUnderTest, reportStats } from '../../../../test/e2e/harness.ts';

const apps = appsUnderTest();

describe('segment size', () => {
	test('the size of the previous rule stayed on screen after Blank: an unfinished rule shows no count', async () => {
		const { page } = await apps.open();
		await reportStats(page);
		await page.getByRole('link', { name: 'Segments' }).click();
		await page.getByTestId('segment-editor').waitFor();
		await page.getByTestId('template').first().click();
		const size = page.getByTestId('segment-size');
		await size.waitFor({ timeout: 60_000 });
		expect(Number(await size.getAttribute('data-value'))).toBeGreaterThan(0);

		await page.getByTestId('template-blank').click();
		await page.getByTestId('segment-unfinished').waitFor({ timeout: 30_000 });
		expect(await size.count()).toBe(0);
		expect(await page.getByTestId('segment-share').count()).toBe(0);

		// A finished rule counts again.
		await page.getByTestId('add-condition').first().click();
		await page.getByTestId('row-event').first().selectOption('order_completed');
		await size.waitFor({ timeout: 60_000 });
		expect(Number(await size.getAttribute('data-value'))).toBeGreaterThan(0);
	});
});
