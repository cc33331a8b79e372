/**
 * The paths screen in Chromium on the demo data: the Sankey drawn from $pageview, a node clicked on the
 * canvas, "paths from here" (the chart re-runs from that event) and a node's users saved as a segment whose
 * size in the sidebar equals a count made from the demo CSV by the row reference
 * (test/unit/support/paths-reference.ts, no engine code). Screenshots of the Sankey and of a node's hover
 * text are kept in test-results/ to look at.
 */
import { describe, expect, test } from 'vitest';
import { mkdir, readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { appsUnderTest, reportStats } from '../../../../test/e2e/harness.ts';
import { referencePaths, type RefRow } from '../../../../test/unit/support/paths-reference.ts';

const apps = appsUnderTest();

/**
 * The demo's rows as the app reads them, straight from the CSV with no engine code: repeated uuids dropped
 * (first kept), a device id taken as the first user id it was seen with (SEMANTICS §9), sessions by the
 * export's session id (the layout maps `session_id`).
 */
async function demoRows(): Promise<RefRow[]> {
	const text = gunzipSync(await readFile('static/data/demo-shop.csv.gz')).toString('utf8');
	const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
	const seen = new Set<string>();
	const rows = parsed.data
		.map((r, i) => ({ i, r, t: Date.parse(r.timestamp) }))
		.filter(({ r }) => !seen.has(r.uuid) && !!seen.add(r.uuid))
		.sort((a, b) => a.t - b.t || a.i - b.i);
	const link = new Map<string, string>();
	for (const { r } of rows)
		if (r.user_id && r.device_id && !link.has(r.device_id)) link.set(r.device_id, r.user_id);
	return rows.map(({ r, t }) => ({
		user: r.user_id || link.get(r.device_id) || r.device_id,
		t,
		event: r.event,
		session: r.session_id
	}));
}

/** The spec of the paths result on screen once it is ready and, when given, starts at `start`. */
async function readySpec(
	page: Page,
	start?: string
): Promise<{ startEvent: string; depth: number; topN: number }> {
	await page.waitForFunction(
		(s) => {
			const spec = document
				.querySelector('[data-testid="paths"][data-state="ready"]')
				?.getAttribute('data-spec');
			return !!spec && (s === null || JSON.parse(spec).startEvent === s);
		},
		start ?? null,
		{ timeout: 120_000 }
	);
	return JSON.parse((await page.locator('[data-testid="paths"]').getAttribute('data-spec'))!);
}

/**
 * Clicks the Sankey's column `column` (of `columns`, laid out from the left as the chart's option puts them:
 * 8 px margin, 120 px for the last labels, nodes 20 px wide) from top to bottom until a node whose name
 * `accept` takes is selected, as a person would look for it; returns its name and where it was clicked.
 */
async function clickNode(
	page: Page,
	column: number,
	columns: number,
	accept: (name: string) => boolean
): Promise<{ name: string; x: number; y: number }> {
	const canvas = page.getByTestId('paths-chart');
	const box = (await canvas.boundingBox())!;
	const x = 8 + (column * (box.width - 128 - 20)) / (columns - 1) + 10;
	for (let y = 12; y < box.height - 8; y += 8) {
		await canvas.click({ position: { x, y } });
		const picked = page.getByTestId('paths-selection');
		if (!(await picked.isVisible())) continue;
		const name = await page.getByTestId('paths-selected').innerText();
		const step = column === 0 ? '(start)' : `(step ${column})`;
		if ((await picked.innerText()).includes(step) && accept(name)) return { name, x, y };
	}
	throw new Error(`No node in column ${column} was picked`);
}

describe('paths screen', () => {
	test('draws the paths of the demo from $pageview, clicks the start node and saves its users', async () => {
		const app = await apps.open();
		const stats = await reportStats(app.page, 240_000);
		await app.page.getByRole('link', { name: 'Paths' }).click();
		const ready = app.page.locator('[data-testid="paths"][data-state="ready"]');
		await ready.waitFor({ timeout: 120_000 });
		expect(JSON.parse((await ready.getAttribute('data-spec')) ?? '{}')).toMatchObject({
			kind: 'paths',
			startEvent: '$pageview',
			depth: 5
		});
		const canvas = app.page.getByTestId('paths-chart').locator('canvas').first();
		await canvas.waitFor();

		// The table: one start node, holding every path; its users are at most the report's.
		await app.page.getByTestId('tab-table').click();
		const start = app.page.getByTestId('paths-table').locator('tbody tr').first().locator('td');
		expect(await start.nth(2).innerText()).toBe('$pageview');
		const users = Number((await start.nth(4).innerText()).replace(/,/g, ''));
		expect(users).toBeGreaterThan(100);
		expect(users).toBeLessThanOrEqual(stats.users);

		// The start node fills the first column of the Sankey: click it.
		await app.page.getByRole('tab', { name: 'Chart' }).click();
		await canvas.waitFor();
		const box = (await canvas.boundingBox())!;
		await canvas.click({ position: { x: 16, y: box.height / 2 } });
		await expect.poll(() => app.page.getByTestId('paths-selected').innerText()).toBe('$pageview');
		await app.page.getByTestId('paths-segment-name').fill('e2e paths start');
		await app.page.getByTestId('paths-save').click();
		await app.page.getByTestId('paths-saved').waitFor({ timeout: 60_000 });

		// Those users as the filter: the same paths, the same users.
		await app.page.getByTestId('segment-filter').selectOption({ label: 'e2e paths start' });
		await app.page.waitForFunction(() =>
			document
				.querySelector('[data-testid="paths"][data-state="ready"]')
				?.getAttribute('data-spec')
				?.includes('"users"')
		);
		await app.page.getByTestId('tab-table').click();
		const again = app.page.getByTestId('paths-table').locator('tbody tr').first().locator('td');
		expect(Number((await again.nth(4).innerText()).replace(/,/g, ''))).toBe(users);
	});

	test('a clicked node gives the paths from there and a segment of its users', async () => {
		const rows = demoRows();
		const app = await apps.open();
		const { page } = app;
		const stats = await reportStats(page, 240_000);
		expect(new Set((await rows).map((r) => r.user)).size).toBe(stats.users);
		await page.getByRole('link', { name: 'Paths' }).click();
		const first = await readySpec(page, '$pageview');
		expect(first).not.toHaveProperty('dateRange.from');
		await page.getByTestId('paths-chart').locator('canvas').first().waitFor();
		await mkdir('test-results', { recursive: true });
		await page.getByTestId('paths-chart').screenshot({ path: 'test-results/paths-sankey.png' });

		// A named node of step 1, then its hover text (users and paths) on the canvas.
		const next = await clickNode(page, 1, first.depth, (n) => n !== 'other' && n !== '$pageview');
		await page.getByTestId('paths-chart').hover({ position: { x: next.x, y: next.y } });
		await page.waitForTimeout(400);
		await page.getByTestId('paths-chart').screenshot({ path: 'test-results/paths-hover.png' });

		// Paths from here: the same settings, starting at each session's first `next.name`.
		await page.getByTestId('paths-from').click();
		const from = await readySpec(page, next.name);
		expect([from.depth, from.topN]).toEqual([first.depth, first.topN]);
		const want = referencePaths(await rows, {
			startEvent: next.name,
			depth: from.depth,
			topN: from.topN
		});
		await page.getByTestId('tab-table').click();
		const start = page.getByTestId('paths-table').locator('tbody tr').first().locator('td');
		expect(await start.nth(2).innerText()).toBe(next.name);
		expect(Number((await start.nth(4).innerText()).replace(/,/g, ''))).toBe(want.users);
		await page.getByRole('tab', { name: 'Chart' }).click();
		await page.getByTestId('paths-chart').locator('canvas').first().waitFor();
		await page.waitForTimeout(500);
		await page.getByTestId('paths-chart').screenshot({ path: 'test-results/paths-from-here.png' });

		// A step-1 node of the new chart as a segment: its size is the reference's users through that node.
		const node = await clickNode(page, 1, from.depth, (n) => n !== 'other');
		const users = want.nodes.find((n) => n.id === `1:${node.name}`)!.users;
		expect(users).toBeGreaterThan(10);
		expect(await page.getByTestId('paths-selection').innerText()).toContain(
			`${users.toLocaleString('en')} users`
		);
		const label = `e2e after ${next.name}: ${node.name}`;
		await page.getByTestId('paths-segment-name').fill(label);
		await page.getByTestId('paths-save').click();
		await page.getByTestId('paths-saved').waitFor({ timeout: 60_000 });
		const size = page.locator(
			`[data-testid="saved-segment"][data-name="${label}"] [data-testid="saved-segment-size"]`
		);
		await expect.poll(() => size.getAttribute('data-value'), { timeout: 60_000 }).toBe(String(users));

		// Twelve names a step: small nodes whose labels would overlap show none (hover names them).
		await page.getByTestId('paths-top').fill('12');
		await page.waitForFunction(() =>
			document
				.querySelector('[data-testid="paths"][data-state="ready"]')
				?.getAttribute('data-spec')
				?.includes('"topN":12')
		);
		await page.getByTestId('paths-chart').locator('canvas').first().waitFor();
		await page.waitForTimeout(500);
		await page.getByTestId('paths-chart').screenshot({ path: 'test-results/paths-top12.png' });
	});
});
