import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { mkdtemp, rm, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, inject } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface App {
	context: BrowserContext;
	page: Page;
	url: string;
	/** Requests the page tried to send anywhere but the local test server. */
	outside: string[];
	/** Console errors and uncaught page errors. */
	errors: string[];
	close(failed?: string): Promise<void>;
}

export interface OpenOptions {
	/** Which server: the plain static one (default), or `vite preview` as `npm start` runs it. */
	server?: 'static' | 'preview';
	/** Runs before the page is opened: routes that hold or change responses go here. */
	before?: (page: Page) => Promise<void>;
	/** A server of the test's own (it replaces `server`), such as the benchmark's (test/bench/chromium-ingest.ts serveBuild). */
	baseUrl?: string;
}

/**
 * Opens the built app in Debian's Chromium as a person would. Any request that leaves localhost is blocked and
 * recorded, and so is every console error; `close()` fails the test on either and keeps a screenshot on failure.
 */
export async function openApp(pathname = '', opts: OpenOptions = {}): Promise<App> {
	const url = opts.baseUrl ?? inject(opts.server === 'preview' ? 'previewUrl' : 'baseUrl');
	if (!existsSync(CHROMIUM))
		throw new Error(
			`Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install chromium).`
		);
	const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'footfall-chromium-'));
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: CHROMIUM,
		headless: true,
		acceptDownloads: true,
		viewport: { width: 1400, height: 1000 },
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--disable-background-networking',
			'--disable-component-update',
			'--no-first-run',
			'--disable-sync'
		]
	});
	const outside: string[] = [];
	const errors: string[] = [];
	const origin = new URL(url).origin;
	await context.route('**/*', (route) => {
		const u = route.request().url();
		if (u.startsWith(origin) || u.startsWith('blob:') || u.startsWith('data:')) return route.continue();
		outside.push(u);
		return route.abort('blockedbyclient');
	});
	const page = context.pages()[0] ?? (await context.newPage());
	page.on('console', (m) => {
		if (m.type() === 'error') errors.push(m.text());
	});
	page.on('pageerror', (e) => errors.push(String(e)));
	await opts.before?.(page);
	await page.goto(new URL(pathname, url).toString());
	return {
		context,
		page,
		url,
		outside,
		errors,
		async close(failed?: string) {
			if (failed) {
				await mkdir('test-results', { recursive: true });
				await page
					.screenshot({ path: path.join('test-results', `${failed}.png`), fullPage: true })
					.catch(() => {});
			}
			await context.close();
			await rm(userDataDir, { recursive: true, force: true });
		}
	};
}

/** Waits until the ingest report is on screen and returns its numbers (duplicates null when not checked). */
export async function reportStats(page: Page, timeout = 120_000) {
	await page.getByTestId('ingest-done').waitFor({ state: 'visible', timeout });
	const value = async (id: string) => Number(await page.getByTestId(`stat-${id}`).getAttribute('data-value'));
	return {
		rows: await value('rows'),
		users: await value('users'),
		events: await value('events'),
		// Empty when dedupe is off: duplicates were not looked for, so there is no count (null), not 0.
		duplicates: (await page.getByTestId('stat-duplicates').getAttribute('data-value'))
			? await value('duplicates')
			: null,
		rejected: await value('rejected')
	};
}

/**
 * Opens apps for a spec file and checks each one after its test: no request left localhost, no console error.
 * A failed test keeps a screenshot in test-results/.
 */
export function appsUnderTest() {
	let current: App | null = null;
	afterEach(async (ctx) => {
		const a = current;
		current = null;
		if (!a) return;
		const failed = ctx.task.result?.state === 'fail' ? ctx.task.name.replace(/\W+/g, '-') : undefined;
		const outside = [...a.outside];
		const errors = [...a.errors];
		await a.close(failed);
		expect(outside, 'requests that left localhost').toEqual([]);
		expect(errors, 'console errors').toEqual([]);
	});
	return {
		async open(pathname = '', opts: OpenOptions = {}): Promise<App> {
			current = await openApp(pathname, opts);
			return current;
		}
	};
}

/**
 * The page's live engine workers (normally one), found by name: each runs from a blob: URL (client.ts).
 * Waits up to `timeout` ms for one to start.
 */
export async function engineWorkers(page: Page, timeout = 30_000): Promise<Worker[]> {
	const until = Date.now() + timeout;
	for (;;) {
		const named = await Promise.all(
			page.workers().map((w) =>
				w
					.evaluate(() => self.name)
					.then(
						(n) => (n === 'footfall-engine' ? w : null),
						() => null
					)
			)
		);
		const found = named.filter((w): w is Worker => w !== null);
		if (found.length > 0 || Date.now() > until) return found;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}
