/**
 * The funnel screen in Chromium on the demo data: a three-step funnel built through the controls, with a
 * time limit on step 3, an exclusion with a property filter and a breakdown, whose bars and breakdown rows
 * equal a plain TypeScript funnel over the demo CSV (test/unit/support/funnel-reference.ts, SEMANTICS §3,
 * no engine code; identity linked as SEMANTICS §9 says); the controls come back from the page address
 * after a reload; a drop-off becomes a saved segment that then filters the funnel.
 */
import { describe, expect, test } from 'vitest';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { appsUnderTest, reportStats } from '../../../../test/e2e/harness.ts';
import { referenceFunnel, type FRow, type RefSpec } from '../../../../test/unit/support/funnel-reference.ts';

const apps = appsUnderTest();
const HOUR = 3_600_000;
/** Placeholder ids that are no identity (SEMANTICS §9), compared lower-case after trimming. */
const PLACEHOLDERS = new Set(
	'|null|undefined|none|nan|[object object]|\\n|0|-1|anonymous|guest|true|false'.split('|')
);
const STEPS = ['product_viewed', 'added_to_cart', 'order_completed'];

/**
 * The demo rows as the reference reads them: repeated uuids dropped (first kept), device ids linked to the
 * first user id seen with them (SEMANTICS §9), `plan` = device_type (the breakdown and the exclusion's
 * filter column), only the events the funnel names.
 */
async function demoRows(): Promise<FRow[]> {
	const text = gunzipSync(await readFile('static/data/demo-shop.csv.gz')).toString('utf8');
	const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
	const id = (v: string | undefined) =>
		v === undefined || PLACEHOLDERS.has(v.trim().toLowerCase()) ? null : v;
	const seen = new Set<string>();
	const rows = parsed.data.filter((r) => !seen.has(r.uuid) && !!seen.add(r.uuid));
	const link = new Map<string, string>();
	for (const r of [...rows].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp))) {
		const [u, d] = [id(r.user_id), id(r.device_id)];
		if (u && d && !link.has(d)) link.set(d, u);
	}
	return rows.flatMap((r, row) => {
		const d = id(r.device_id);
		const user = id(r.user_id) ?? (d ? (link.get(d) ?? d) : null);
		if (!user || !(STEPS.includes(r.event) || r.event === 'search')) return [];
		const plan = r.device_type === '' ? null : r.device_type;
		const pid = r.product_id === '' ? null : r.product_id;
		return [{ row, user, t: Date.parse(r.timestamp), event: r.event, plan, pid }];
	});
}

/** Users per step (all, and per breakdown value) from the reference's counted users. */
function counts(users: { reached: number; value: string | null }[]) {
	const per = (us: typeof users) => STEPS.map((_, i) => us.filter((u) => u.reached >= i).length);
	const values = [...new Set(users.map((u) => u.value))];
	return {
		all: per(users),
		by: new Map(values.map((v) => [v ?? '(none)', per(users.filter((u) => u.value === v))]))
	};
}

const numbers = (texts: string[]) => texts.map((s) => Number(s.replace(/,/g, '')));

async function tableCounts(page: Page): Promise<Map<string, number[]>> {
	await page.getByTestId('tab-table').click();
	const rows = await page
		.getByTestId('funnel-table')
		.locator('tbody tr')
		.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
	await page.getByRole('tab', { name: 'Chart' }).click();
	const out = new Map<string, number[]>();
	for (const r of rows) out.set(r[0], [...(out.get(r[0]) ?? []), ...numbers([r[4]])]);
	return out;
}

async function ready(page: Page) {
	const r = page.locator('[data-testid="funnel"][data-state="ready"]');
	await r.waitFor({ timeout: 120_000 });
	return r;
}

describe('Funnel screen', () => {
	test('builds a three-step funnel with a time limit, an exclusion and a breakdown that match the rows, and turns a drop-off into a segment', async () => {
		const reference = (async () => {
			const spec: RefSpec = {
				steps: [{ event: STEPS[0] }, { event: STEPS[1] }, { event: STEPS[2], withinMs: 2 * HOUR }],
				order: 'sequential',
				windowMs: 14 * 24 * HOUR,
				exclusions: [{ event: 'search', plan: 'mobile', fromStep: 0, toStep: 1 }],
				breakdown: true,
				attribution: 'first_touch',
				hold: false,
				ttc: { fromStep: 0, toStep: 2, bins: 10 },
				period: 'week',
				tz: 'Europe/London'
			};
			return counts(referenceFunnel(await demoRows(), spec).users);
		})();
		const app = await apps.open();
		const page = app.page;
		await reportStats(page);
		await page.getByRole('link', { name: 'Funnels' }).click();
		// The demo opens on its purchase funnel (four steps, preset.ts); this test builds its own three.
		await page.getByTestId('funnel-step-3').waitFor();
		await page.getByTestId('funnel-step-3-remove').click();
		await page.getByTestId('funnel-step-3').waitFor({ state: 'detached' });
		for (const [i, e] of STEPS.entries()) await page.getByTestId(`funnel-step-${i}-event`).selectOption(e);
		// Step 3 within 2 hours of step 2.
		await page.getByTestId('funnel-step-2-add-within').click();
		await page.getByTestId('funnel-step-2-within-value').fill('2');
		await page.getByTestId('funnel-step-2-within-unit').selectOption('hour');
		// Exclude users who searched on mobile between step 1 and step 2; a half-made exclusion says so.
		await page.getByTestId('funnel-add-exclusion').click();
		await expect
			.poll(() => page.getByTestId('funnel-problems').innerText())
			.toContain('Pick an event for exclusion 1.');
		await page.getByTestId('funnel-exclusion-0-event').selectOption('search');
		await page.getByTestId('funnel-exclusion-0-from').selectOption('0');
		await page.getByTestId('funnel-exclusion-0-to').selectOption('0');
		await expect
			.poll(() => page.getByTestId('funnel-problems').innerText())
			.toContain('In exclusion 1, the "from" step (step 1) must come before the "to" step (step 1).');
		if (process.env.FUNNEL_SHOTS)
			await page.getByLabel('Funnel settings').screenshot({ path: 'test-results/funnel-problems.png' });
		await page.getByTestId('funnel-exclusion-0-to').selectOption('1');
		await page.getByTestId('funnel-exclusion-0-event-add-where').click();
		await page.getByTestId('funnel-exclusion-0-event-where-0-column').selectOption('device_type');
		await page.getByTestId('funnel-exclusion-0-event-where-0-value').fill('mobile');
		await page.getByTestId('funnel-exclusion-0-event-where-0-value').press('Tab');
		// Breakdown by device type, from step 1.
		await page.getByTestId('funnel-breakdown-column').click();
		await page.getByTestId('funnel-breakdown').selectOption('device_type');
		await expect.poll(() => page.getByTestId('funnel-problems').count()).toBe(0);

		const want = {
			kind: 'funnel',
			steps: [
				{ event: STEPS[0], where: [], optional: false, within: null },
				{ event: STEPS[1], where: [], optional: false, within: null },
				{ event: STEPS[2], where: [], optional: false, within: { value: 2, unit: 'hour' } }
			],
			order: 'sequential',
			window: { value: 14, unit: 'day' },
			exclusions: [
				{
					event: 'search',
					where: [{ column: 'device_type', op: '=', value: 'mobile' }],
					fromStep: 0,
					toStep: 1
				}
			],
			breakdown: 'device_type',
			breakdownAttribution: 'first_touch'
		};
		await page.waitForFunction(
			(w) => {
				const s = document
					.querySelector('[data-testid="funnel"][data-state="ready"]')
					?.getAttribute('data-spec');
				return !!s && JSON.stringify({ ...JSON.parse(s), ...w }) === s;
			},
			want,
			{ timeout: 120_000 }
		);
		await page.getByTestId('funnel-chart').locator('canvas').first().waitFor();
		await page.getByTestId('funnel-split-chart').locator('canvas').first().waitFor();
		await page.getByTestId('funnel-time-chart').locator('canvas').first().waitFor();
		await page.getByTestId('funnel-trend-chart').locator('canvas').first().waitFor();
		if (process.env.FUNNEL_SHOTS)
			await page.screenshot({ path: 'test-results/funnel-screen.png', fullPage: true });

		// The bars (reached and dropped per step) and the breakdown rows against the rows themselves.
		const ref = await reference;
		expect(ref.all[0]).toBeGreaterThan(100);
		expect(ref.all[2]).toBeGreaterThan(0);
		const bar = async (i: number, part: string) =>
			Number(await page.getByTestId(`funnel-pick-${i}-${part}`).getAttribute('data-value'));
		for (let i = 0; i < 3; i++) expect(await bar(i, 'converted')).toBe(ref.all[i]);
		for (let i = 1; i < 3; i++) expect(await bar(i, 'dropped')).toBe(ref.all[i - 1] - ref.all[i]);
		const table = await tableCounts(page);
		expect(table.get('all users')).toEqual(ref.all);
		expect(new Map([...table].filter(([k]) => k !== 'all users'))).toEqual(ref.by);

		// The controls come back from the address after a reload.
		const spec = await (await ready(page)).getAttribute('data-spec');
		await page.reload();
		await page.waitForFunction(
			(s) =>
				document.querySelector('[data-testid="funnel"][data-state="ready"]')?.getAttribute('data-spec') === s,
			spec,
			{ timeout: 120_000 }
		);
		await expect.poll(() => page.getByTestId('funnel-step-2-within-value').inputValue()).toBe('2');
		await expect
			.poll(() => page.getByTestId('funnel-exclusion-0-event-where-0-value').inputValue())
			.toBe('mobile');
		expect(await page.getByTestId('funnel-breakdown').inputValue()).toBe('device_type');

		// "Viewed a product, did not add to cart": the drop-off at step 2 as a segment.
		await page.getByTestId('funnel-pick-1-dropped').click();
		const size = numbers([await page.getByTestId('funnel-selection-size').innerText()])[0];
		expect(size).toBe(ref.all[0] - ref.all[1]);
		await page.getByTestId('funnel-segment-name').fill('e2e viewed, no cart');
		await page.getByTestId('funnel-save').click();
		await page.getByTestId('funnel-saved').waitFor();

		// As the filter: the same funnel over those users has them all at step 1 and none at step 2.
		await page.getByTestId('segment-filter').selectOption({ label: 'e2e viewed, no cart' });
		await page.waitForFunction(() =>
			document
				.querySelector('[data-testid="funnel"][data-state="ready"]')
				?.getAttribute('data-spec')
				?.includes('"users"')
		);
		expect((await tableCounts(page)).get('all users')?.slice(0, 2)).toEqual([size, 0]);
	});
});
