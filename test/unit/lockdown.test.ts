import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import type { Database } from '../../src/lib/engine/duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import { INPUT_DIR } from '../../src/lib/engine/lockdown.ts';
import { cutNetwork, NETWORK_GLOBALS, networkRefused } from '../../src/lib/engine/no-network.ts';
import { literal } from '../../src/lib/sql/quote.ts';

const DENIED = /Permission Error: .*disabled by configuration/;
const LOCKED = /configuration has been locked/;

let duck: Database;
let tmp: string;
let secret: string;
beforeAll(async () => {
	duck = await createNodeDuck();
	tmp = await mkdtemp(path.join(os.tmpdir(), 'footfall-lockdown-'));
	secret = path.join(tmp, 'secret.csv');
	await writeFile(secret, 'password\nhunter2\n');
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

/** Files under the temp dir and the working directory, to show a statement created none. */
const listing = () => [...readdirSync(tmp), ...readdirSync(process.cwd())].sort();

describe('crafted SQL cannot reach files or the network once DuckDB is locked down', () => {
	test.each([
		['a system file', `SELECT * FROM read_csv('/etc/passwd')`],
		['a file the user did not give', `SELECT * FROM read_csv(${literal('SECRET')})`],
		['raw text of a file', `SELECT * FROM read_text(${literal('SECRET')})`],
		['a climb out of the inputs directory', `SELECT * FROM read_csv('${INPUT_DIR}../etc/passwd')`],
		['a deeper climb', `SELECT * FROM read_csv('${INPUT_DIR}x/../../etc/passwd')`],
		['a listing of the disk', `SELECT * FROM glob('/*')`],
		['a URL', `SELECT * FROM read_csv('https://example.com/x.csv')`],
		['a local URL', `SELECT * FROM read_csv('http://127.0.0.1:9/x.csv')`],
		['a write to the temp dir', `COPY (SELECT 1 AS x) TO ${literal('TMP/pwned.csv')}`],
		['a write to the working directory', `COPY (SELECT 1 AS x) TO 'pwned.csv'`],
		['a database file', `ATTACH ${literal('TMP/pwned.db')} AS pwned`],
		['an export', `EXPORT DATABASE ${literal('TMP/pwned')}`],
		['an extension', `LOAD httpfs`]
	])('%s is refused', async (_what, template) => {
		const before = listing();
		const sql = template.replaceAll('SECRET', secret).replaceAll('TMP', tmp);
		await expect(duck.exec(sql)).rejects.toThrow(/Permission Error|disabled/);
		expect(listing()).toEqual(before);
	});

	test.each([
		['the memory limit', `SET memory_limit = '1GB'`],
		['external access', `SET enable_external_access = true`],
		['the allowed directories', `SET allowed_directories = ['/']`],
		['the lock itself', `SET lock_configuration = false`],
		['a reset of the lock', `RESET lock_configuration`],
		['extension autoloading', `SET autoload_known_extensions = true`]
	])('no statement can change %s', async (_what, sql) => {
		await expect(duck.exec(sql)).rejects.toThrow(LOCKED);
	});

	test('the engine still loads and analyses a file the user gave', async () => {
		const file = path.join(tmp, 'events.csv');
		await writeFile(file, 'user,time,event\nu1,2025-01-01T10:00:00Z,a\nu1,2025-01-09T10:00:00Z,b\n');
		const core = new EngineCore(duck);
		const report = await core.ingest([await nodeSource(file)], {});
		expect(report.rows).toBe(2);
		expect(report.users).toBe(1);
		const { ipc } = await core.run({ kind: 'retention', period: 'week', periods: 2 } as never);
		expect(ipc!.byteLength).toBeGreaterThan(0);
	});
});

describe('the engine reads the files it was given, read-only, and no other', () => {
	test('a registered file reads; writing over it fails and leaves it as it was', async () => {
		const file = path.join(tmp, 'given.csv');
		const text = 'a,b\n1,2\n3,4\n';
		await writeFile(file, text);
		const alias = `${INPUT_DIR}__test_given`;
		await duck.files.register(alias, await nodeSource(file));
		expect(await duck.rows(`SELECT sum(a + b)::INT AS s FROM read_csv(${literal(alias)})`)).toEqual([
			{ s: 10 }
		]);
		const before = listing();
		for (const sql of [
			`COPY (SELECT 42 AS x) TO ${literal(alias)}`,
			`COPY (SELECT 42 AS x) TO ${literal(alias)} (USE_TMP_FILE false)`
		]) {
			await expect(duck.exec(sql)).rejects.toThrow();
		}
		expect(readFileSync(file, 'utf8')).toBe(text);
		expect(statSync(file).size).toBe(text.length);
		expect(listing()).toEqual(before);
		// DuckDB still answers afterwards.
		expect(await duck.rows(`SELECT count(*)::INT AS n FROM read_csv(${literal(alias)})`)).toEqual([{ n: 2 }]);
	});

	test('a name under the inputs directory that was never registered opens nothing, not even on disk', async () => {
		// DuckDB allows the directory; the guarded runtime below it refuses what was not registered, so a
		// real /inputs/ directory on the machine would be neither read nor written.
		for (const sql of [
			`COPY (SELECT 1 AS x) TO '${INPUT_DIR}pwned.csv'`,
			`SELECT * FROM read_csv('${INPUT_DIR}pwned.csv')`
		]) {
			await expect(duck.exec(sql)).rejects.toThrow(/reads only the files you gave it|No files found/);
		}
		expect(existsSync(`${INPUT_DIR}pwned.csv`)).toBe(false);
		expect(
			await duck.rows<{ file: string }>(`SELECT file FROM glob('${INPUT_DIR}*') WHERE file LIKE '%pwned%'`)
		).toEqual([]);
	});

	test('without the configuration lock (memory-limit tests only), the rest of the lockdown still holds', async () => {
		const unlocked = await createNodeDuck({ lockConfiguration: false });
		await unlocked.exec(`SET memory_limit = '512MB'`);
		await expect(unlocked.exec(`SELECT * FROM read_csv('/etc/passwd')`)).rejects.toThrow(DENIED);
		await expect(unlocked.exec(`COPY (SELECT 1) TO 'pwned.csv'`)).rejects.toThrow(DENIED);
		await expect(unlocked.exec(`SET enable_external_access = true`)).rejects.toThrow(
			/while database is running/
		);
		expect(existsSync('pwned.csv')).toBe(false);
	});
});

describe('a worker scope without a way to the network', () => {
	test('every network global is replaced by one that throws, and cannot be put back', () => {
		const original = () => 'sent';
		const proto: Record<string, unknown> = { fetch: original };
		const scope = Object.create(proto) as Record<string, unknown>;
		for (const name of NETWORK_GLOBALS) if (name !== 'fetch') scope[name] = original;
		const cut = cutNetwork(scope);
		expect(cut.sort()).toEqual([...NETWORK_GLOBALS].sort());
		for (const name of NETWORK_GLOBALS) {
			const f = scope[name] as () => unknown;
			expect(f).not.toBe(original);
			expect(() => f()).toThrow(networkRefused(name));
			expect(() => Reflect.construct(f, [])).toThrow(networkRefused(name));
			expect(Reflect.set(scope, name, original)).toBe(false);
			expect(Reflect.deleteProperty(scope, name)).toBe(false);
			expect(Reflect.defineProperty(scope, name, { value: original })).toBe(false);
		}
		// The copy on the prototype is gone too.
		expect(() => (proto.fetch as () => unknown)()).toThrow(networkRefused('fetch'));
	});

	test('a global the scope does not have is left alone', () => {
		const scope: Record<string, unknown> = { fetch: () => 'sent' };
		expect(cutNetwork(scope)).toEqual(['fetch']);
		expect('WebTransport' in scope).toBe(false);
	});
});
