import { describe, expect, test } from 'vitest';
import { appsUnderTest, reportStats } from '../../../../test/e2e/harness.ts';

const apps = appsUnderTest();

describe('engagement screen', () => {
	test('scores every user by their events, ranks them 0-100, and saves the top 10 % as a segment', async () => {
		const app = await apps.open();
		const stats = await reportStats(app.page);
		await app.page.getByRole('link', { name: 'Engagement' }).click();
		const ready = app.page.locator('[data-testid="engagement"][data-state="ready"]');
		await ready.waitFor({ timeout: 120_000 });
		await app.page.getByTestId('engagement-chart').locator('canvas').first().waitFor();
		const spec = JSON.parse((await ready.getAttribute('data-spec')) ?? '{}');
		// Every event weighs 1 at first: a score is the user's number of events.
		expect(spec.weights.length).toBeGreaterThan(3);
		expect(spec.weights.every((w: { weight: number }) => w.weight === 1)).toBe(true);
		const top = app.page.getByTestId('engagement-top').locator('tbody tr');
		expect(await top.count()).toBe(20);
		const scores = (await top.locator('td:nth-child(3)').allInnerTexts()).map((s) =>
			Number(s.replace(/,/g, ''))
		);
		expect([...scores].sort((a, b) => b - a)).toEqual(scores);
		expect(scores[0]).toBeLessThanOrEqual(stats.rows);

		await app.page.getByTestId('engagement-percentile').click();
		await app.page.waitForFunction(() =>
			document
				.querySelector('[data-testid="engagement"][data-state="ready"]')
				?.getAttribute('data-spec')
				?.includes('"percentile"')
		);
		const ranks = await app.page
			.getByTestId('engagement-top')
			.locator('tbody tr td:nth-child(4)')
			.allInnerTexts();
		expect(Number(ranks[0])).toBeGreaterThan(99);

		await app.page.getByTestId('engagement-save-segment').click();
		await app.page.getByRole('status').filter({ hasText: 'Top 10% by engagement' }).waitFor();
		await expect
			.poll(() => app.page.getByTestId('segment-filter').locator('option').allInnerTexts())
			.toContain('Top 10% by engagement');
	});

	test('regression: each weight dropdown shows its whole event name (checkout_started was cut)', async () => {
		const app = await apps.open();
		await reportStats(app.page);
		await app.page.getByRole('link', { name: 'Engagement' }).click();
		await app.page.locator('[data-testid="engagement"][data-state="ready"]').waitFor({ timeout: 120_000 });
		// A select as wide as its shown name needs its own frame (an empty select of the same class, no minimum
		// width: padding, border, arrow) plus the name's width in its font; narrower, the name is cut.
		const fits = await app.page.getByTestId('engagement-weights').evaluate((box) =>
			[...box.querySelectorAll('select')].map((s) => {
				const probe = document.createElement('select');
				probe.className = s.className;
				probe.style.position = 'absolute';
				probe.style.minWidth = '0';
				probe.add(new Option(''));
				s.parentElement!.append(probe);
				const frame = probe.getBoundingClientRect().width;
				probe.remove();
				const ctx = document.createElement('canvas').getContext('2d')!;
				ctx.font = getComputedStyle(s).font;
				const name = s.options[s.selectedIndex].text;
				// Half a pixel for the layout's rounding of the text's width.
				const fits = s.getBoundingClientRect().width + 0.5 >= frame + ctx.measureText(name).width;
				return { name, title: s.title, fits };
			})
		);
		expect(fits.map((f) => f.name)).toContain('checkout_started');
		expect(fits.filter((f) => !f.fits || f.title !== f.name)).toEqual([]);
	});
});
