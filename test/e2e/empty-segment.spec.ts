/**
 * A saved segment that matches no user, applied as the Users filter: every analysis says that the segment
 * matches no user (messages.ts), where the RFM screen had said that no user had a counted event.
 */
import { describe, expect, test } from 'vitest';
import { appsUnderTest, reportStats } from './harness.ts';
import { segmentMatchesNoUserMessage } from '../../src/lib/messages.ts';

const apps = appsUnderTest();
const NAME = 'Nobody';

describe('a segment that matches no user', () => {
	test('regression: RFM, retention, trends and clusters each say the segment matches no user', async () => {
		const app = await apps.open();
		const { page } = app;
		expect((await reportStats(page)).users).toBeGreaterThan(0);

		await page.getByRole('link', { name: 'Segments' }).click();
		await page.getByTestId('segment-editor').waitFor();
		await page.getByTestId('template-blank').click();
		await page.getByTestId('add-condition').click();
		const row = page.getByTestId('rule-row').first();
		await row.getByTestId('row-kind').selectOption('property');
		await row.getByTestId('row-property').selectOption('device_type');
		await row.getByTestId('row-value').fill('no such device');
		await expect.poll(() => page.getByTestId('segment-size').getAttribute('data-value')).toBe('0');
		await page.getByTestId('segment-name').fill(NAME);
		await page.getByTestId('segment-save').click();
		const saved = page.locator(`[data-testid="saved-segment"][data-name="${NAME}"]`);
		await saved.getByTestId('saved-segment-apply').click();
		await expect.poll(() => page.getByTestId('segment-filter').inputValue()).not.toBe('');

		const said = segmentMatchesNoUserMessage(NAME);
		for (const [link, testid] of [
			['RFM', 'rfm'],
			['Retention', 'retention'],
			['Trends', 'trend'],
			['Clusters', 'kmeans']
		]) {
			await page.getByRole('link', { name: link, exact: true }).click();
			const empty = page.getByTestId(`${testid}-empty-segment`);
			await empty.waitFor({ timeout: 120_000 });
			expect(await empty.innerText()).toBe(said);
			expect(await page.getByTestId('error').count()).toBe(0);
		}
		expect(said).toContain(`“${NAME}” matches no user`);
	});
});
