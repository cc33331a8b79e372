// Encodings: a Windows-1252 file lost its rows with accented text ("not utf-8") and a user vanished; a
// UTF-16 file (Excel's "Unicode Text") was refused. Files are now read in the encoding their bytes show,
// transcoded to UTF-8 before DuckDB reads them, and the report says which encoding was read.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { bench, utf16, windows1252, type Bench } from './support/ingest-files.ts';
import { detectEncoding, isUtf8, validUtf8Until } from '../../src/lib/engine/text-encoding.ts';
import { toPlainUtf8 } from '../../src/lib/engine/formats/plain-text.ts';
import type { SourceFile } from '../../src/lib/engine/source.ts';

let b: Bench;
beforeAll(async () => {
	b = await bench();
});

const eventsOf = async () =>
	(await b.rows<{ e: string }>('SELECT DISTINCT __event AS e FROM events ORDER BY 1')).map((r) => r.e);

/** A small seeded generator (mulberry32), so random cases are the same on every run. */
function random(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

describe('files in another encoding than UTF-8', () => {
	test('encoding-windows-1252 case: 5 rows, 0 rejected, 4 users, names with their accents', async () => {
		const file = path.resolve('test/fixtures/cases/encoding-windows-1252/input.csv');
		const report = await b.load('input.csv', readFileSync(file));
		expect(report.rows).toBe(5);
		expect(report.rejected).toBe(0);
		expect(report.users).toBe(4);
		expect(report.files[0].encoding).toBe('windows-1252');
		expect(await eventsOf()).toEqual(['Café visit', 'Menü geöffnet', 'signup']);
	});

	const table = [
		['user_id', 'event', 'time', 'city'],
		['u1', 'Café visit', '2025-01-06 10:00:00', 'Zürich'],
		['u2', 'naïve €5 offer', '2025-01-06 11:00:00', 'Łódź'],
		['u3', 'signup', '2025-01-07 10:00:00', '東京']
	];
	const tsv = table.map((r) => r.join('\t')).join('\r\n') + '\r\n';

	test.each([
		['utf-16le', 'le', true],
		['utf-16le', 'le', false],
		['utf-16be', 'be', true],
		['utf-16be', 'be', false]
	] as const)(
		"UTF-16 (%s; %s-endian, byte order mark %s): Excel's Unicode Text loads with every character",
		async (enc, endian, bom) => {
			const report = await b.load(`unicode-${endian}-${bom}.txt`, utf16(tsv, endian, bom));
			expect(report.files[0].encoding).toBe(enc);
			expect(report.rows).toBe(3);
			expect(report.rejected).toBe(0);
			expect(report.columns.map((c) => c.name)).toEqual(table[0]);
			const cities = (await b.rows<{ c: string }>('SELECT city AS c FROM events ORDER BY __row')).map(
				(r) => r.c
			);
			expect(cities).toEqual(['Zürich', 'Łódź', '東京']);
			expect(await eventsOf()).toEqual(['Café visit', 'naïve €5 offer', 'signup'].sort());
		}
	);

	test('a UTF-8 file with a byte order mark: the first column is named without it', async () => {
		const text = table.map((r) => r.join(',')).join('\n') + '\n';
		const report = await b.load(
			'bom.csv',
			new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)])
		);
		expect(report.files[0].encoding).toBe('utf-8');
		expect(report.columns[0].name).toBe('user_id');
		expect(report.rows).toBe(3);
	});

	test('Windows-1252 lines deep in a UTF-8 file are kept, and a pure UTF-8 file is read in place', async () => {
		const lines = ['user,time,event,city'];
		const n = 30_000;
		for (let i = 0; i < n; i++)
			lines.push(`u${i % 500},2025-01-06T10:00:00Z,e${i % 3},${i % 2 ? 'Zoë' : '東京'}`);
		const utf8 = new TextEncoder().encode(lines.join('\n') + '\n');
		const registered: boolean[] = [];
		const register = b.duck.files.register.bind(b.duck.files);
		b.duck.files.register = (name: string, source: SourceFile) => {
			registered.push(Boolean(source.path));
			return register(name, source);
		};
		try {
			const plain = await b.load('pure.csv', utf8);
			expect(plain.files[0].encoding).toBe('utf-8');
			expect(registered).toEqual([true]);
			const late = [...lines];
			late[25_001] = 'u1,2025-01-06T10:00:00Z,Café visit,Köln';
			late[29_000] = 'u2,2025-01-06T10:00:00Z,Menü geöffnet,Zoë';
			const mixed = late.map((l, i) =>
				i === 25_001 || i === 29_000 ? windows1252(l) : new TextEncoder().encode(l)
			);
			const bytes = new Uint8Array(mixed.reduce((s, l) => s + l.length + 1, 0));
			let at = 0;
			for (const l of mixed) {
				bytes.set(l, at);
				bytes[at + l.length] = 0x0a;
				at += l.length + 1;
			}
			registered.length = 0;
			const report = await b.load('late.csv', bytes);
			expect(report.rows).toBe(n);
			expect(report.rejected).toBe(0);
			expect(report.files[0]).toMatchObject({ encoding: 'windows-1252', reencodedLines: 2 });
			expect(registered).toEqual([true, false]);
			const got = await b.rows<{ c: string; e: string }>(
				`SELECT city AS c, __event AS e FROM events WHERE __row IN (25000, 28999, 3) ORDER BY __row`
			);
			expect(got).toEqual([
				{ c: 'Zoë', e: 'e0' },
				{ c: 'Köln', e: 'Café visit' },
				{ c: 'Zoë', e: 'Menü geöffnet' }
			]);
		} finally {
			b.duck.files.register = register;
		}
	});

	test('a gzip-compressed Windows-1252 file is decompressed and transcoded', async () => {
		const bytes = gzipSync(readFileSync(path.resolve('test/fixtures/cases/encoding-windows-1252/input.csv')));
		const report = await b.load('export.csv.gz', bytes);
		expect(report.files[0].encoding).toBe('windows-1252');
		expect(report.rows).toBe(5);
		expect(await eventsOf()).toEqual(['Café visit', 'Menü geöffnet', 'signup']);
	});
});

describe('encoding detection and transcoding against independent decoders', () => {
	/** Random bytes mixing ASCII, valid UTF-8 characters and stray high bytes. */
	function randomBytes(next: () => number, length: number): Uint8Array {
		const enc = new TextEncoder();
		const parts: number[] = [];
		while (parts.length < length) {
			const r = next();
			if (r < 0.6) parts.push(0x20 + Math.floor(next() * 90));
			else if (r < 0.75) parts.push(0x0a);
			else if (r < 0.9) parts.push(...enc.encode(String.fromCodePoint(0xa0 + Math.floor(next() * 0x2ff00))));
			else parts.push(0x80 + Math.floor(next() * 0x80));
		}
		return Uint8Array.from(parts);
	}

	test('validUtf8Until agrees with the WHATWG UTF-8 decoder on random bytes', () => {
		const next = random(7);
		const fatal = new TextDecoder('utf-8', { fatal: true });
		for (let k = 0; k < 2000; k++) {
			const bytes = randomBytes(next, 1 + Math.floor(next() * 40));
			let valid = true;
			try {
				fatal.decode(bytes);
			} catch {
				valid = false;
			}
			expect(isUtf8(bytes)).toBe(valid);
			const until = validUtf8Until(bytes, 0, bytes.length);
			expect(() => fatal.decode(bytes.subarray(0, until))).not.toThrow();
		}
	});

	test('each line is UTF-8 when it is valid UTF-8, else Windows-1252, exactly as a per-line decode gives', async () => {
		const next = random(11);
		const bytes = randomBytes(next, 300_000);
		const fatal = new TextDecoder('utf-8', { fatal: true });
		const cp1252 = new TextDecoder('windows-1252');
		let expected = '';
		let start = 0;
		while (start < bytes.length) {
			const nl = bytes.indexOf(0x0a, start);
			const end = nl < 0 ? bytes.length : nl + 1;
			const line = bytes.subarray(start, end);
			try {
				expected += fatal.decode(line);
			} catch {
				expected += cp1252.decode(line);
			}
			start = end;
		}
		// Small chunks: lines cross chunk boundaries.
		const chunks: Uint8Array[] = [];
		for (let i = 0; i < bytes.length; i += 997) chunks.push(bytes.slice(i, i + 997));
		const plain = await toPlainUtf8(new Blob(chunks as BlobPart[]), {
			gzip: false,
			encoding: 'windows-1252'
		});
		expect(await plain.blob.text()).toBe(expected);
		expect(plain.truncated).toBe(false);
	});

	test('detectEncoding: byte order marks, UTF-16 by its zero bytes, UTF-8 validity', () => {
		const text = 'user,time\nZoë,2025-01-01\n';
		expect(detectEncoding(new TextEncoder().encode(text), true)).toBe('utf-8');
		expect(detectEncoding(windows1252(text), true)).toBe('windows-1252');
		expect(detectEncoding(utf16(text, 'le', false), true)).toBe('utf-16le');
		expect(detectEncoding(utf16(text, 'be', false), true)).toBe('utf-16be');
		expect(detectEncoding(utf16(text, 'le', true), true)).toBe('utf-16le');
		// A head cut inside a character is not taken for Windows-1252.
		const cut = new TextEncoder().encode('a,b\nZoë');
		expect(detectEncoding(cut.subarray(0, cut.length - 1), false)).toBe('utf-8');
	});
});
