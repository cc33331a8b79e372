import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCliText } from './support/run-cli.ts';
import { terminalJson, terminalText } from '../../src/cli/terminal-text.ts';

const cli = runCliText;

/** A CSV field, quoted the way any spreadsheet writes it. */
const field = (s: string) => `"${s.replaceAll('"', '""')}"`;

let tmp: string;
beforeAll(async () => {
	tmp = await mkdtemp(path.join(os.tmpdir(), 'footfall-hostile-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('footfall writes only where the user asked', () => {
	// Each payload names its own target: relative ones land in the working directory, absolute ones in a
	// temp dir. The first closes the reader's `columns={…}` as DuckDB's sniffer writes it unescaped: before
	// the fix of issue 7 it wrote ./pwned-1.csv through `footfall inspect`.
	const targets = (n: number) => ({ rel: `pwned-${n}.csv`, abs: path.join(tmp, `pwned-${n}.csv`) });
	const payloads: [string, (t: { rel: string; abs: string }) => string][] = [
		[
			'a header that closes the reader options',
			(t) =>
				`a': 'VARCHAR'})); COPY (SELECT 42 AS x) TO '${t.rel}'; COPY (SELECT 42 AS x) TO '${t.abs}'; ` +
				`SELECT * FROM (SELECT * FROM read_csv('/inputs/x', columns={'b`
		],
		['a header that ends a string', (t) => `'); COPY (SELECT 1) TO '${t.rel}'; --`],
		['a header that ends an identifier', (t) => `"); COPY (SELECT 1) TO '${t.abs}'; --`],
		[
			'a header that attaches a database and exports one',
			(t) => `a': 'VARCHAR'})); ATTACH '${t.abs}.db' AS p; EXPORT DATABASE '${t.abs}.d'; --`
		]
	];

	it.each(payloads.map(([what, make], i) => [what, make, i + 1] as const))(
		'%s writes no file',
		async (_what, make, n) => {
			const t = targets(n);
			const sql = make(t);
			const file = path.join(tmp, `hostile-${n}.csv`);
			await writeFile(
				file,
				`user,time,event,${field(sql)}\n` +
					`u1,2025-01-01T10:00:00Z,${field(sql)},1\n` +
					`${field(sql)},2025-01-02T10:00:00Z,b,2\n`
			);
			const cwdBefore = readdirSync(process.cwd());
			const tmpBefore = readdirSync(tmp);
			const r = await cli('inspect', file);
			// Read as data (exit 0) or refused with one line (exit 1); never a crash, never a write.
			expect([0, 1]).toContain(r.code);
			if (r.code === 1) expect(r.err).not.toContain('\n');
			for (const p of [t.rel, t.abs, `${t.abs}.db`, `${t.abs}.d`]) expect(existsSync(p)).toBe(false);
			expect(readdirSync(process.cwd())).toEqual(cwdBefore);
			expect(readdirSync(tmp)).toEqual(tmpBefore);
		}
	);

	it('run --out writes the one file asked for, and only that', async () => {
		const data = path.join(tmp, 'events.csv');
		const t = targets(99);
		const evil = `'); COPY (SELECT 1) TO '${t.abs}'; --`;
		await writeFile(
			data,
			`user,time,event\nu1,2025-01-01T10:00:00Z,${field(evil)}\nu1,2025-01-08T10:00:00Z,b\n`
		);
		const spec = path.join(tmp, 'spec.json');
		await writeFile(
			spec,
			JSON.stringify({
				dataset: { files: ['events.csv'], columns: { user: 'user', time: 'time', event: 'event' } },
				analysis: { kind: 'retention', period: 'week', periods: 2, startEvent: evil }
			})
		);
		const before = readdirSync(tmp);
		const out = path.join(tmp, 'result.json');
		const r = await cli('run', spec, '--out', out);
		expect(r.err).toBe('');
		expect(r.code).toBe(0);
		expect(readdirSync(tmp).sort()).toEqual([...before, 'result.json'].sort());
		expect(existsSync(t.abs)).toBe(false);
	});
});

describe('footfall prints names and values from a file as text, never as terminal controls', () => {
	const ESC = '\u001b';
	const names = {
		red: `${ESC}[31mred${ESC}[0m`,
		clear: `${ESC}[2J${ESC}[Hclear`,
		link: `${ESC}]8;;https://example.com/${ESC}\\click${ESC}]8;;${ESC}\\`,
		bell: `ring\u0007`,
		csi8: `\u009b31mc1`,
		overwrite: `ok\rforged`,
		bidi: `abc\u202Egpj.exe`
	};
	// What a reader should see for each: hand-written.
	const shown = {
		red: '\\x1B[31mred\\x1B[0m',
		clear: '\\x1B[2J\\x1B[Hclear',
		link: '\\x1B]8;;https://example.com/\\x1B\\click\\x1B]8;;\\x1B\\',
		bell: 'ring\\x07',
		csi8: '\\x9B31mc1',
		overwrite: 'ok\\rforged',
		bidi: 'abc\\u202Egpj.exe'
	};
	let file: string;
	beforeAll(async () => {
		file = path.join(tmp, `controls${ESC}[1m.csv`);
		const rows = Object.values(names).map(
			(name, i) => `u${i},2025-01-0${i + 1}T10:00:00Z,${field(name)},${field(name)}`
		);
		await writeFile(file, `user,time,event,${field(`${ESC}[41mprop`)}\n${rows.join('\n')}\n`);
	});

	/** Code points of C0 controls (but the newline between lines), DEL, C1 controls and bidi controls. */
	const BIDI = [
		0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069
	];
	const controls = (text: string) =>
		[...text].filter((c) => {
			const n = c.codePointAt(0)!;
			return (n < 0x20 && n !== 0x0a) || (n >= 0x7f && n <= 0x9f) || BIDI.includes(n);
		});

	it('inspect shows each control as a visible escape', async () => {
		const r = await cli('inspect', file);
		expect(r.err).toBe('');
		expect(r.code).toBe(0);
		expect(controls(r.out)).toEqual([]);
		for (const key of Object.keys(names) as (keyof typeof names)[]) expect(r.out).toContain(shown[key]);
		expect(r.out).toContain('\\x1B[41mprop');
		expect(r.out).toContain('controls\\x1B[1m.csv');
	});

	it('inspect --json escapes them too and reads back as the exact names', async () => {
		const r = await cli('inspect', file, '--json');
		expect(r.code).toBe(0);
		expect(controls(r.out)).toEqual([]);
		const report = JSON.parse(r.out) as { topEvents: { event: string }[]; columns: { name: string }[] };
		expect(report.topEvents.map((e) => e.event).sort()).toEqual(Object.values(names).sort());
		expect(report.columns.map((c) => c.name)).toContain(`${ESC}[41mprop`);
	});

	it('an error message quoting the file is escaped as well', async () => {
		const r = await cli('inspect', path.join(tmp, `missing${ESC}]0;title\u0007.csv`));
		expect(r.code).toBe(1);
		expect(controls(r.err)).toEqual([]);
		expect(r.err).toContain('missing\\x1B]0;title\\x07.csv');
	});

	it('terminalText leaves printable text of any script alone', () => {
		const text = 'Café, 東京, שלום, مرحبا, emoji 🎉, tab-free';
		expect(terminalText(text)).toBe(text);
		expect(terminalJson(JSON.stringify({ a: text }))).toBe(JSON.stringify({ a: text }));
	});
});
