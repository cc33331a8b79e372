import { afterEach, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { openApp, reportStats, type App } from './harness.ts';
import { putInWorkspace } from './stored.ts';

// The workspace file (issue 13, "Share") between two browser profiles. 12 users with e-mail-like ids
// (nothing else can contain one) over 6 days; user i is active on day d when (i + d) % (i % 3 + 1) === 0.
const DAYS = Array.from({ length: 6 }, (_, d) => `2026-03-0${d + 1}`);
const USERS = Array.from({ length: 12 }, (_, i) => `buyer-${String(i).padStart(2, '0')}@example.org`);
const ROWS = USERS.flatMap((u, i) =>
	DAYS.filter((_, d) => (i + d) % ((i % 3) + 1) === 0).map((day) => ({ u, day }))
);
const CSV = Buffer.from(
	'user_id,ts,event,email\n' +
		ROWS.map((r, j) => `${r.u},${r.day}T10:00:00Z,${j % 2 ? 'buy' : 'view'},secret-${j}@mail.test`).join(
			'\n'
		) +
		'\n'
);
/** Distinct users per day, counted from the rows above. */
const PER_DAY = DAYS.map((d) => new Set(ROWS.filter((r) => r.day === d).map((r) => r.u)).size);

const opened: App[] = [];
async function open(path = '?demo=0') {
	const app = await openApp(path);
	opened.push(app);
	return app;
}
afterEach(async () => {
	const apps = opened.splice(0);
	for (const a of apps) await a.close();
	for (const a of apps) {
		expect(a.outside, 'requests that left localhost').toEqual([]);
		expect(a.errors, 'console errors').toEqual([]);
	}
});

/** Saves a trend of daily users in the open workspace (straight into its storage: schema 4's table). */
async function saveTrend(page: Page) {
	const now = Date.now();
	await putInWorkspace(page, 'analyses', {
		id: 'trend-1',
		kind: 'trend',
		spec: { kind: 'trend', measure: 'users', period: 'day' },
		segmentId: null,
		compare: false,
		view: {},
		title: 'Daily buyers',
		pinned: true,
		order: 0,
		createdAt: now,
		updatedAt: now
	});
}

async function exportFile(page: Page, opts: { data?: boolean; hash?: boolean; k?: number } = {}) {
	const share = page.getByTestId('workspace-share');
	await share.getByTestId('share-data').setChecked(Boolean(opts.data));
	await share.getByTestId('share-hash').setChecked(Boolean(opts.hash));
	await share.getByTestId('share-k-on').setChecked(opts.k !== undefined);
	if (opts.k !== undefined) await share.getByTestId('share-k').fill(String(opts.k));
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		share.getByTestId('share-export').click()
	]);
	return { name: download.suggestedFilename(), buffer: readFileSync((await download.path())!) };
}

/** The numbers of the first carried result on screen, by row (blank cells as ''). */
async function sharedCells(page: Page): Promise<string[][]> {
	const table = page.getByTestId('shared-analysis').first().locator('tbody tr');
	await table.first().waitFor({ timeout: 120_000 });
	return table.evaluateAll((rows) =>
		rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.getAttribute('data-value') ?? ''))
	);
}

/** Workspaces in the switcher's list (waits until the list has been read: there is always one). */
async function workspaceCount(page: Page) {
	const items = page.getByTestId('workspace-switcher').locator('ul li');
	await expect.poll(() => items.count(), { timeout: 30_000 }).toBeGreaterThan(0);
	return items.count();
}

describe('share a workspace as a file', () => {
	test('exported with an analysis, opened in a fresh profile: the same numbers; anonymised: no id, no cell under k', async () => {
		const a = await open();
		await a.page
			.getByTestId('file-input')
			.setInputFiles({ name: 'shop.csv', mimeType: 'text/csv', buffer: CSV });
		expect((await reportStats(a.page)).users).toBe(USERS.length);
		await a.page.getByTestId('kept-bytes').waitFor({ timeout: 120_000 });
		await saveTrend(a.page);
		const plain = await exportFile(a.page);
		expect(plain.name).toMatch(/\.footfall\.json$/);
		expect(plain.buffer.toString('utf8').startsWith('{"footfall_workspace":1,')).toBe(true);
		const k = 7;
		const anonymous = await exportFile(a.page, { data: true, hash: true, k });
		const text = anonymous.buffer.toString('utf8');
		for (const u of USERS) expect(text.includes(u), u).toBe(false);
		const trend = JSON.parse(text).analyses[0].result.series[0].points.map(
			(p: { value: number | null }) => p.value
		);
		expect(trend).toEqual(PER_DAY.map((n) => (n < k ? null : n)));
		expect(trend).toContain(null);

		// A fresh profile: the file dropped through "Open files…" becomes a new workspace with the same numbers.
		// Picked as soon as the page has started, before browser storage has opened: the import waits for it
		// (it was refused: the test waited for the workspace list first).
		const b = await open();
		await b.page.getByTestId('workspace-share').waitFor();
		await b.page.getByTestId('file-input').setInputFiles({ ...plain, mimeType: 'application/json' });
		const cells = await sharedCells(b.page);
		expect(cells).toEqual(DAYS.map((d, i) => [d, String(PER_DAY[i])]));
		// The trend's own chart, drawn from the carried result with the same numbers (it showed a table only).
		const chart = b.page.getByTestId('shared-analysis').first().getByTestId('shared-chart');
		await chart.locator('canvas').first().waitFor({ timeout: 60_000 });
		expect(JSON.parse((await chart.getAttribute('data-values')) ?? '[]')).toEqual([PER_DAY]);
		expect(await b.page.getByTestId('shared-note').innerText()).toMatch(
			/^Results from the file; drop the data to re-run\./
		);
		await mkdir('test-results', { recursive: true });
		await b.page.getByTestId('shared-results').screenshot({ path: 'test-results/share-import.png' });
		// A fresh profile already has its own "My workspace": the imported one is told apart from it.
		await expect.poll(() => b.page.getByTestId('workspace-name').innerText()).toBe('My workspace (imported)');

		// The anonymised file with its data: a third profile re-runs from the data, ids hashed.
		const c = await open();
		await c.page.getByTestId('workspace-share').waitFor();
		await c.page
			.getByTestId('share-import-input')
			.setInputFiles({ ...anonymous, mimeType: 'application/json' });
		const stats = await reportStats(c.page);
		expect(stats).toMatchObject({ rows: ROWS.length, users: USERS.length });
		expect(await sharedCells(c.page)).toEqual(
			DAYS.map((d, i) => [d, PER_DAY[i] < k ? '' : String(PER_DAY[i])])
		);
		// Blanked points are gaps in the chart's line.
		const blanked = c.page.getByTestId('shared-analysis').first().getByTestId('shared-chart');
		await blanked.locator('canvas').first().waitFor({ timeout: 60_000 });
		expect(JSON.parse((await blanked.getAttribute('data-values')) ?? '[]')).toEqual([
			PER_DAY.map((n) => (n < k ? null : n))
		]);
	});

	test('hostile workspace files are refused or inert, the current workspace untouched, no request leaves', async () => {
		const b = await open();
		await b.page.getByTestId('workspace-share').waitFor();
		const before = await workspaceCount(b.page);
		const valid = (title: string, name = 'Shared') => ({
			footfall_workspace: 1,
			name,
			exportedAt: '2026-01-01T00:00:00.000Z',
			dataset: null,
			anonymisation: { hashedIds: false, droppedColumns: [], k: null },
			segments: [],
			analyses: [
				{
					id: 'a1',
					title,
					spec: { kind: 'trend', measure: 'users' },
					segmentId: null,
					compare: false,
					view: {},
					pinned: true,
					order: 0,
					result: {
						period: 'day',
						measure: 'users',
						series: [{ key: '<img src=x onerror=alert(1)>', points: [{ period: '2026-01-01', value: 4 }] }]
					}
				}
			],
			data: null
		});
		const refused: [string, string, RegExp][] = [
			['bad.json', '{"footfall_workspace": 1, "name": ', /not valid JSON/],
			['version.json', JSON.stringify({ ...valid('x'), footfall_workspace: 9 }), /newer Footfall/],
			['types.json', JSON.stringify({ ...valid('x'), analyses: 'all' }), /analyses must be a list/],
			['huge.json', JSON.stringify(valid('x'.repeat(200_000))), /analyses\[0\]\.title/],
			[
				'image.json',
				JSON.stringify({ ...valid('x'), image: 'http://evil.example/pixel.png' }),
				/image is not a field/
			],
			[
				'proto.json',
				JSON.stringify(valid('x')).replace('"name":"Shared"', '"name":"Shared","__proto__":{"x":1}'),
				/__proto__/
			],
			[
				'deep.json',
				JSON.stringify(valid('x')).replace('"data":null', `"data":${'['.repeat(5000)}${']'.repeat(5000)}`),
				/nested more than/
			],
			[
				'sql.json',
				JSON.stringify({
					...valid('x'),
					analyses: [{ ...valid('x').analyses[0], spec: { kind: 'trend; DROP TABLE events' } }]
				}),
				/spec\.kind names no analysis/
			]
		];
		for (const [name, body, message] of refused) {
			await b.page
				.getByTestId('share-import-input')
				.setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(body) });
			await expect
				.poll(() => b.page.getByTestId('share-error').innerText(), { timeout: 30_000 })
				.toMatch(message);
			expect(await b.page.getByTestId('share-error').innerText()).toMatch(/current workspace is unchanged/);
			expect(await workspaceCount(b.page)).toBe(before);
		}

		// Script in titles and names, a URL where a page might fetch it: opened, drawn as text, nothing runs.
		const script =
			'<script>window.pwned=1</script><img src="http://evil.example/t.png" onerror="window.pwned=2">';
		await b.page.getByTestId('share-import-input').setInputFiles({
			name: 'script.json',
			mimeType: 'application/json',
			buffer: Buffer.from(
				JSON.stringify(valid(script, '<img src=http://evil.example/n.png onerror=window.pwned=3>'))
			)
		});
		const heading = b.page.getByTestId('shared-analysis').locator('h3');
		await heading.waitFor({ timeout: 120_000 });
		expect(await heading.innerText()).toContain(script);
		expect(await b.page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
		expect(await b.page.locator('img[src*="evil"]').count()).toBe(0);
		expect(await workspaceCount(b.page)).toBe(before + 1);
	});
});
