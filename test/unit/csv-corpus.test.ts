// A corpus of hostile delimited files, made here: each either loads with every readable line kept, or fails
// with a message in the user's terms (their file's name; no internal table or file name, no parser dump),
// and the dataset loaded before stays in force.
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, test } from 'vitest';
import { bench, utf16, type Bench } from './support/ingest-files.ts';
import type { IngestReport } from '../../src/lib/engine/ingest/report.ts';

let b: Bench;
let before: IngestReport;
beforeAll(async () => {
	b = await bench();
	before = await b.load(
		'good.csv',
		'user,time,event\nkeep,2025-01-01T00:00:00Z,a\nkeep2,2025-01-02T00:00:00Z,b\n'
	);
});

const enc = (s: string) => new TextEncoder().encode(s);
const rows = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n');
const base = (i: number) => `u${i % 13},2025-02-${String(1 + (i % 28)).padStart(2, '0')}T08:00:00Z,view`;

/** name, bytes, and what a load must give: rows kept and lines rejected, or a failure. */
type Expect = { rows: number; rejected?: number; users?: number } | { fails: RegExp };
const corpus: [string, string | Uint8Array, Expect][] = [
	['empty.csv', '', { fails: /empty/ }],
	['only-newlines.csv', '\n\n\r\n\n', { fails: /empty|no readable rows|separator/ }],
	['header-only.csv', 'user,time,event\n', { fails: /no readable rows|not a CSV|empty/ }],
	['binary.csv', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256), { fails: /binary/ }],
	['nul-bytes.csv', `user,time,event\nu1,2025-01-01T00:00:00Z,a\u0000b\n`, { fails: /binary/ }],
	['empty.csv.gz', gzipSync(''), { fails: /no data|empty/ }],
	[
		'ragged.csv',
		`user,time,event\n${rows(40, (i) => (i % 10 === 3 ? `${base(i)},extra` : i % 10 === 7 ? `u1` : base(i)))}\n`,
		{ rows: 32, rejected: 8 }
	],
	// A quote never closed takes the rest of the file into one value: every line it took is counted.
	[
		'unclosed-quote.csv',
		`user,time,event\n${base(0)}\nu1,2025-02-01T08:00:00Z,"oops\n${rows(30, (i) => base(i + 1))}\n`,
		{ rows: 1, rejected: 31 }
	],
	// The same after a line with too many fields: DuckDB reports that first, and the quote as well.
	[
		'unclosed-quote-extra-fields.csv',
		`user,time,event\n${base(0)}\nu1,2025-02-01T08:00:00Z,view,EXTRA,"oops\n${rows(30, (i) => base(i + 1))}\n`,
		{ rows: 1, rejected: 31 }
	],
	// In a quoted file the quote closes on the next line: those two lines are lost, and counted.
	[
		'quoted-one-unclosed.csv',
		`user,time,event\n${rows(50, (i) => `${base(i)} "x, ${i}"`.replace(',view "', ',"view'))}\nu1,2025-02-01T08:00:00Z,"oops\n${rows(30, (i) => `u${i},2025-02-01T08:00:00Z,"view, ${i}"`)}\n`,
		{ rows: 79, rejected: 2 }
	],
	['mixed-line-ends.csv', `user,time,event\r\n${base(0)}\n${base(1)}\r\n${base(2)}\n`, { rows: 3 }],
	[
		'duplicate-names.csv',
		`user,user,time,Time,\n${rows(5, (i) => `u${i},v${i},2025-01-0${i + 1},x,y`)}\n`,
		{ rows: 5 }
	],
	[
		'markup-and-sql.csv',
		`user,time,"<script>alert(1)</script>","'; DROP TABLE events; --"\n${rows(4, (i) => `u${i},2025-01-0${i + 1},<img src=x onerror=alert(${i})>,"Robert'); DROP TABLE events;--"`)}\n`,
		{ rows: 4, users: 4 }
	],
	[
		'semicolons-decimal-commas.csv',
		`user;time;price\n${rows(10, (i) => `u${i};2025-01-0${1 + (i % 9)};${i},5`)}\n`,
		{ rows: 10 }
	],
	['no-final-newline.csv', `user,time,event\n${rows(3, base)}`, { rows: 3 }],
	[
		'one-huge-line.csv',
		`user,time,event\n${base(0)}\n${'z'.repeat(5_000_000)}\n${base(1)}\n`,
		{ rows: 2, rejected: 1 }
	],
	[
		'bomb.csv.gz',
		gzipSync(`user,time,event\n${base(0)}\n${'0'.repeat(40_000_000)}\n${base(1)}\n`),
		{ rows: 2, rejected: 1 }
	],
	[
		'utf16-odd-length.txt',
		new Uint8Array([
			...utf16(`user\ttime\n${rows(3, (i) => `u${i}\t2025-01-0${i + 1}`)}\n`, 'le', true),
			0x41
		]),
		{ rows: 3 }
	],
	[
		'long-numbers.csv',
		`user,time,n\n${rows(3, (i) => `u${i},2025-01-0${i + 1},${'9'.repeat(40)}${i}`)}\n`,
		{ rows: 3 }
	],
	[
		'url-values.csv',
		`user,time,page\n${rows(3, (i) => `u${i},2025-01-0${i + 1},https://evil.example/${i}?q='x'`)}\n`,
		{ rows: 3 }
	]
];

describe('hostile delimited files', () => {
	test.each(corpus)(
		'%s',
		async (name, content, want) => {
			const bytes = typeof content === 'string' ? enc(content) : content;
			if ('fails' in want) {
				let message = '';
				try {
					await b.load(name, bytes);
				} catch (e) {
					message = e instanceof Error ? e.message : String(e);
				}
				expect(message).toMatch(want.fails);
				expect(message).toContain(name);
				expect(message).not.toMatch(
					/\/inputs\/|__g\d|Binder Error|CSV Error on Line|Original Line|Possible Solution/
				);
				expect(b.core.report).toBe(before);
				expect(await b.rows('SELECT count(*)::INT AS n FROM events')).toEqual([{ n: 2 }]);
				return;
			}
			const report = await b.load(name, bytes);
			expect(report.rows).toBe(want.rows);
			if (want.rejected !== undefined) expect(report.rejected).toBe(want.rejected);
			if (want.users !== undefined) expect(report.users).toBe(want.users);
			for (const r of report.rejectedExamples) {
				expect(r.file).toBe(name);
				expect(r.reason).not.toMatch(/\/inputs\/|__g\d/);
			}
			before = report;
		},
		180_000
	);
});
