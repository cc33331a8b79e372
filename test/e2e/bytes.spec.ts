// Trusting a file's name over its bytes: `npm start` (vite preview) serves demo-shop.csv.gz with
// Content-Encoding: gzip, the browser unpacks it, and DuckDB then refused the text ("Input is not a GZIP
// stream"). These tests serve the build the way `npm start` does and drop files whose names mislead.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { appsUnderTest, reportStats } from './harness.ts';

const apps = appsUnderTest();
let preview: ChildProcess;
let previewUrl = '';

beforeAll(async () => {
	// `npm start` is `vite build && vite preview`: the same server over the build these tests run on.
	preview = spawn('npx', ['--no-install', 'vite', 'preview', '--host', '127.0.0.1'], {
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
		detached: true
	});
	let out = '';
	preview.stdout!.on('data', (d: Buffer) => (out += d.toString()));
	for (let i = 0; i < 600 && !/http:\/\/127\.0\.0\.1:\d+/.test(out); i++) {
		await new Promise((r) => setTimeout(r, 100));
	}
	const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
	if (!m) throw new Error(`vite preview did not start: ${out}`);
	previewUrl = m[0];
}, 90_000);

afterAll(async () => {
	if (preview.pid && preview.exitCode === null) {
		process.kill(-preview.pid);
		await once(preview, 'exit');
	}
});

describe('format and compression from the bytes', () => {
	test('served as `npm start` serves it (gzip Content-Encoding), the demo loads', async () => {
		const res = await fetch(new URL('data/demo-shop.csv.gz', previewUrl));
		expect(res.headers.get('content-encoding')).toBe('gzip');
		const app = await apps.open('', previewUrl);
		const stats = await reportStats(app.page);
		expect(stats.rows).toBeGreaterThan(100_000);
		expect(stats.rejected).toBe(0);
		await expect(app.page.getByTestId('file-encoding').innerText()).resolves.toMatch(/UTF-8/);
	});

	test('a .gz name on plain text and a .csv name on gzip both load; a Windows-1252 file says so', async () => {
		const dir = os.tmpdir();
		const text = readFileSync(path.resolve('test/fixtures/cases/encoding-windows-1252/input.csv'));
		const files = {
			'unpacked.csv.gz': text,
			'packed.csv': gzipSync(text)
		};
		const app = await apps.open('?demo=0');
		for (const [name, bytes] of Object.entries(files)) {
			const file = path.join(dir, name);
			writeFileSync(file, bytes);
			await app.page.getByTestId('file-input').setInputFiles(file);
			await app.page.getByText(new RegExp(`rows read from ${name.replace('.', '\\.')}`)).waitFor();
			const stats = await reportStats(app.page);
			expect(stats, name).toMatchObject({ rows: 5, users: 4, rejected: 0 });
			await expect(app.page.getByTestId('file-encoding').innerText()).resolves.toMatch(/Windows-1252/);
		}
	});
});
