// Trusting a file's name over its bytes: `npm start` (vite preview) serves demo-shop.csv.gz with
// Content-Encoding: gzip, the browser unpacks it, and DuckDB then refused the text ("Input is not a GZIP
// stream"); first-open.spec.ts shows the demo under that server. Here, dropped files whose names mislead.
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { appsUnderTest, reportStats } from './harness.ts';

const apps = appsUnderTest();

describe('format and compression from the bytes', () => {
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
