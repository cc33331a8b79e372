import { describe, expect, test } from 'vitest';
import { appsUnderTest, reportStats } from '../../../../test/e2e/harness.ts';

const apps = appsUnderTest();

describe('heatmap screen', () => {
	test('draws the click heatmap of the demo over a dropped screenshot, then activity by weekday and hour', async () => {
		const app = await apps.open();
		const page = app.page;
		const stats = await reportStats(page);
		await page.getByRole('link', { name: 'Heatmaps' }).click();
		// The first result covers every page; the screen then runs again for the most clicked one.
		await page.waitForFunction(
			() => {
				const s = document.querySelector('[data-testid="heatmap"][data-state="ready"]');
				return !!s && JSON.parse(s.getAttribute('data-spec') ?? '{}').url !== null;
			},
			undefined,
			{ timeout: 120_000 }
		);
		const ready = page.locator('[data-testid="heatmap"][data-state="ready"]');
		const spec = JSON.parse((await ready.getAttribute('data-spec')) ?? '{}');
		expect(spec).toMatchObject({ kind: 'heatmap', type: 'clicks', columns: 64, group: 'device' });
		expect(await page.getByTestId('heatmap-page').inputValue()).toBe(spec.url);
		await page.getByTestId('heatmap-click-chart').locator('canvas').first().waitFor();

		// A screenshot made here: solid green, 1280 × 2000, dropped on the drop zone as a PNG file.
		await page.evaluate(async () => {
			const c = document.createElement('canvas');
			c.width = 1280;
			c.height = 2000;
			const g = c.getContext('2d')!;
			g.fillStyle = '#00ff00';
			g.fillRect(0, 0, c.width, c.height);
			const blob = await new Promise<Blob>((ok) => c.toBlob((b) => ok(b!), 'image/png'));
			const dt = new DataTransfer();
			dt.items.add(new File([blob], 'home.png', { type: 'image/png' }));
			const zone = document.querySelector('[data-testid="heatmap-drop"]')!;
			zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
		});
		await page.locator('[data-shot="yes"]').waitFor();
		await expect.poll(() => page.getByTestId('heatmap-drop').innerText()).toContain('home.png (1280 × 2000)');

		// The canvas is as tall as the screenshot at its width, green where nobody clicked (bottom right
		// corner), and tinted by the density where people did.
		const pixels = await page.waitForFunction(() => {
			const canvases = [
				...document.querySelectorAll<HTMLCanvasElement>('[data-testid="heatmap-click-chart"] canvas')
			];
			if (!canvases.length) return null;
			const first = canvases[0];
			const corner = first.getContext('2d')!.getImageData(first.width - 4, first.height - 4, 1, 1).data;
			if (corner[1] < 200) return null;
			// ECharts may draw the heatmap on a layer of its own: look at every canvas of the chart.
			let hot = 0;
			for (const c of canvases) {
				const all = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
				for (let i = 0; i < all.length; i += 4)
					if (all[i + 3] > 0 && (all[i] > 60 || all[i + 1] < 200 || all[i + 2] > 60)) hot++;
			}
			return { corner: [...corner], ratio: first.height / first.width, hot };
		});
		const p = (await pixels.jsonValue())!;
		expect(await page.getByTestId('error').count()).toBe(0);
		expect(p.corner.slice(0, 3)).toEqual([0, 255, 0]);
		expect(p.ratio).toBeCloseTo(2000 / 1280, 1);
		expect(p.hot).toBeGreaterThan(100);

		const regions = await page
			.getByTestId('heatmap-regions')
			.locator('tbody tr td:nth-child(6)')
			.allInnerTexts();
		const counts = regions.map((c) => Number(c.replace(/,/g, '')));
		expect(counts.length).toBeGreaterThan(5);
		expect([...counts].sort((a, b) => b - a)).toEqual(counts);
		expect(counts[0]).toBeGreaterThan(0);

		await page.getByTestId('heatmap-type').selectOption('activity');
		await page.waitForFunction(() =>
			document
				.querySelector('[data-testid="heatmap"][data-state="ready"]')
				?.getAttribute('data-spec')
				?.includes('"activity"')
		);
		await page.getByTestId('heatmap-activity-chart').locator('canvas').first().waitFor();
		await page.getByTestId('tab-table').click();
		const events = await page
			.getByTestId('heatmap-table')
			.locator('tbody tr td:nth-child(3)')
			.allInnerTexts();
		expect(events).toHaveLength(168);
		// Every event of the demo has a time, so the 168 cells hold every row of the report.
		expect(events.reduce((n, c) => n + Number(c.replace(/,/g, '')), 0)).toBe(stats.rows);
	}, 300_000);
});
