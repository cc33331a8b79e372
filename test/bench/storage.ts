/**
 * Where to keep an imported file between visits (issue 13): writes a 100 MB file into IndexedDB (as a Blob,
 * through Dexie's plain IndexedDB underneath) and into the origin-private file system (OPFS), then reads it
 * back in full, in headless Chromium. Prints milliseconds per step: `npx tsx test/bench/storage.ts`.
 */
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const MB = Number(process.env.MB ?? 100);
const server = createServer((_, res) =>
	res.writeHead(200, { 'content-type': 'text/html' }).end('<p>bench</p>')
);
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const port = (server.address() as { port: number }).port;
const dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-storage-'));
const context = await chromium.launchPersistentContext(dir, {
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	headless: true,
	args: ['--no-sandbox', '--disable-gpu']
});
const page = context.pages()[0] ?? (await context.newPage());
await page.goto(`http://127.0.0.1:${port}/`);
// As text: tsx's name helpers (`__name`) do not exist in the page.
const out = await page.evaluate(`(async (mb) => {
	const bytes = new Uint8Array(mb * 1024 * 1024);
	for (let i = 0; i < bytes.length; i += 4096) bytes.set(new TextEncoder().encode('u' + i + ',2025-01-01,view'), i);
	const file = new File([bytes], 'big.csv', { type: 'text/csv' });
	const sum = async (b) => {
		const t = performance.now();
		let n = 0;
		const r = b.stream().getReader();
		for (let c = await r.read(); !c.done; c = await r.read()) n += c.value.byteLength;
		return { n, ms: performance.now() - t };
	};
	const idb = await new Promise((ok, no) => {
		const q = indexedDB.open('bench', 1);
		q.onupgradeneeded = () => q.result.createObjectStore('files');
		q.onsuccess = () => ok(q.result);
		q.onerror = () => no(q.error);
	});
	const done = (tx) => new Promise((ok, no) => ((tx.oncomplete = ok), (tx.onerror = no)));
	let t = performance.now();
	const w = idb.transaction('files', 'readwrite');
	w.objectStore('files').put(file, 'big');
	await done(w);
	const idbWrite = performance.now() - t;
	t = performance.now();
	const got = await new Promise((ok) => {
		const q = idb.transaction('files').objectStore('files').get('big');
		q.onsuccess = () => ok(q.result);
	});
	const idbGet = performance.now() - t;
	const idbRead = await sum(got);
	const root = await navigator.storage.getDirectory();
	t = performance.now();
	const h = await root.getFileHandle('big.csv', { create: true });
	const ws = await h.createWritable();
	await ws.write(file);
	await ws.close();
	const opfsWrite = performance.now() - t;
	t = performance.now();
	const f2 = await h.getFile();
	const opfsGet = performance.now() - t;
	const opfsRead = await sum(f2);
	const est = await navigator.storage.estimate();
	return { idbWrite, idbGet, idbRead, opfsWrite, opfsGet, opfsRead, usage: est.usage, quota: est.quota };
})(${MB})`);
console.log(JSON.stringify({ MB, ...(out as object) }, null, 1));
await context.close();
await rm(dir, { recursive: true, force: true });
server.close();
