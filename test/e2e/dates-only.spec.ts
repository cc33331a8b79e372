import { describe, expect, test } from 'vitest';
import { appsUnderTest, reportStats } from './harness.ts';

/**
 * A file whose times are dates only (no time of day): every event sits at midnight, so a session's length
 * and a same-day conversion would read "0 s". The report says the file has dates only instead of a session
 * median, and the funnel gives its times in days (format.ts `datesOnly`, README "Funnels").
 */
const apps = appsUnderTest();

/**
 * Counted by hand: ann and bob view and buy on the same day, cat buys two days after viewing. Sessions: one
 * each for ann and bob, two for cat (3 May has nothing): 4. view → buy: 3 users, times 0, 0 and 2 days, so
 * the median is 0 days, "the same day".
 */
const FILE = {
	name: 'orders-by-day.csv',
	mimeType: 'text/csv',
	buffer: Buffer.from(
		[
			'user,date,event',
			'ann,2022-05-01,view',
			'ann,2022-05-01,buy',
			'bob,2022-05-02,view',
			'bob,2022-05-02,buy',
			'cat,2022-05-02,view',
			'cat,2022-05-04,buy'
		].join('\n') + '\n'
	)
};

describe('a file with dates only', () => {
	test('shows no session length and funnel times in days, never "0 s"', async () => {
		const app = await apps.open('?demo=0');
		const { page } = app;
		await page.getByTestId('file-input').setInputFiles(FILE);
		expect(await reportStats(page)).toMatchObject({ rows: 6, users: 3, events: 2 });
		const sessions = page.getByTestId('stat-sessions');
		await expect.poll(() => sessions.getAttribute('data-value'), { timeout: 60_000 }).toBe('4');
		const label = await sessions.innerText();
		expect(label).toContain('median — (the file has dates only, no time of day)');
		expect(label).not.toContain('0 s');

		await page.locator('nav a[href$="/funnels"]').first().click();
		await page.getByTestId('funnel-step-0-event').selectOption('view');
		await page.getByTestId('funnel-step-1-event').selectOption('buy');
		await page.locator('[data-testid="funnel"][data-state="ready"]').waitFor({ timeout: 120_000 });
		expect(await page.getByTestId('funnel-stat-1').innerText()).toContain('median same day');
		expect(await page.getByTestId('funnel-median').innerText()).toBe('median same day');
		if (process.env.FUNNEL_SHOTS)
			await page.screenshot({ path: 'test-results/dates-only-funnel.png', fullPage: true });
	});
});
