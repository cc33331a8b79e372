import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, realpath, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createNativeDuck } from '../../src/lib/engine/native-duck.ts';
import { sweepStaleTempDirs, TEMP_PREFIX } from '../../src/lib/engine/native-temp.ts';

const CHILD = path.join(import.meta.dirname, 'support/native-child.ts');
const INPUT = path.join(import.meta.dirname, '../fixtures/vendors/posthog.csv');

/**
 * The native engine's temporary directory (links to the user's files, DuckDB's spill) is gone after its
 * process ends, however it ends, and one left by a process killed outright is swept by the next start. Real
 * processes (support/native-child.ts), each with its own TMPDIR so no other run's directories are touched.
 */
describe('the native engine temporary directory', () => {
	let tmp: string;
	beforeAll(async () => {
		tmp = await realpath(await mkdtemp(path.join(os.tmpdir(), 'footfall-temp-test-')));
	});
	afterAll(async () => {
		await rm(tmp, { recursive: true, force: true });
	});

	/** A child in `mode` with its engine open, and the directory it printed. */
	async function start(mode: 'wait' | 'throw' | 'exit'): Promise<{ child: ChildProcess; dir: string }> {
		const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, INPUT], {
			env: { ...process.env, TMPDIR: tmp },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let stderr = '';
		child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
		const lines = createInterface({ input: child.stdout! });
		const [dir] = (await Promise.race([
			once(lines, 'line'),
			once(child, 'close').then(() => Promise.reject(new Error(`the child ended early: ${stderr}`)))
		])) as [string];
		return { child, dir };
	}

	const ended = async (child: ChildProcess) => {
		if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
		return { code: child.exitCode, signal: child.signalCode };
	};

	test.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)(
		'a run ended by %s removes its directory and still dies by the signal',
		async (signal) => {
			const { child, dir } = await start('wait');
			expect(dir.startsWith(path.join(tmp, `${TEMP_PREFIX}${child.pid}-`))).toBe(true);
			expect(await readdir(dir)).toEqual(['input']);
			child.kill(signal);
			expect(await ended(child)).toEqual({ code: null, signal });
			expect(existsSync(dir)).toBe(false);
			// The link went, not the user's file it pointed to.
			expect(existsSync(INPUT)).toBe(true);
		}
	);

	test('a run that fails with an uncaught error, or exits without closing, removes its directory', async () => {
		const failed = await start('throw');
		expect(await ended(failed.child)).toEqual({ code: 1, signal: null });
		expect(existsSync(failed.dir)).toBe(false);
		const exited = await start('exit');
		expect(await ended(exited.child)).toEqual({ code: 3, signal: null });
		expect(existsSync(exited.dir)).toBe(false);
	});

	test("a killed run's directory is swept by the next start, and nothing else is", async () => {
		const killed = await start('wait');
		killed.child.kill('SIGKILL');
		expect(await ended(killed.child)).toEqual({ code: null, signal: 'SIGKILL' });
		// Nothing runs in a process killed outright: the directory stays, for the next start to sweep.
		expect(existsSync(killed.dir)).toBe(true);
		const ours = path.join(tmp, `${TEMP_PREFIX}${process.pid}-running`);
		const unnamed = path.join(tmp, `${TEMP_PREFIX}no-pid`);
		const link = path.join(tmp, `${TEMP_PREFIX}${killed.child.pid}-link`);
		await mkdir(ours);
		await mkdir(unnamed);
		await symlink(ours, link);
		const next = await start('exit');
		await ended(next.child);
		expect(existsSync(killed.dir)).toBe(false);
		for (const kept of [ours, unnamed, link]) expect(existsSync(kept)).toBe(true);
		expect(sweepStaleTempDirs(tmp)).toEqual([]);
		for (const kept of [ours, unnamed, link]) await rm(kept, { recursive: true });
	});

	test('past its memory limit DuckDB spills into that directory, and the data stays exact', async () => {
		const db = await createNativeDuck({ threads: 1, memoryLimit: '64MB' });
		try {
			// About 2M × (8 + 16 + 32) bytes: past the limit, so table blocks go to disk.
			await db.exec(`CREATE TABLE t AS SELECT i, md5(i::VARCHAR) AS h FROM range(2000000) r(i)`);
			const usage = await db.usage();
			expect(usage.spillFileBytes).toBeGreaterThan(0);
			expect(usage.memoryBytes).toBeLessThanOrEqual(64 * 2 ** 20);
			const spill = await readdir(path.join(db.files.dir, '.spill'));
			expect(spill.length).toBeGreaterThan(0);
			const [row] = await db.rows<{ n: number; s: string; h: string }>(
				`SELECT count(*)::INTEGER AS n, sum(i)::VARCHAR AS s, max(h) FILTER (WHERE i = 1999999) AS h FROM t`
			);
			// 0 + 1 + … + 1999999, and the MD5 of "1999999" (RFC 1321, computed by Node's crypto).
			expect(row).toEqual({
				n: 2_000_000,
				s: String((1_999_999 * 2_000_000) / 2),
				h: createHash('md5').update('1999999').digest('hex')
			});
		} finally {
			await db.close();
		}
	});

	test('closing the engine removes its directory and stops listening for signals', async () => {
		const before = ['exit', 'SIGINT', 'SIGTERM', 'SIGHUP'].map((e) => process.listenerCount(e));
		const db = await createNativeDuck({ threads: 1 });
		expect(process.listenerCount('SIGTERM')).toBe(before[2] + 1);
		expect(existsSync(db.files.dir)).toBe(true);
		await db.close();
		expect(existsSync(db.files.dir)).toBe(false);
		expect(['exit', 'SIGINT', 'SIGTERM', 'SIGHUP'].map((e) => process.listenerCount(e))).toEqual(before);
	});
});
