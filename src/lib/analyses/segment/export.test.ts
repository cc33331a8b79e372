/**
 * "Export users" of a segment: every user id of the segment, as the data writes it, one per line, with ids
 * that a spreadsheet would run as formulas written as text. Ids come through the engine from a file whose
 * ids are hostile (formulas, commas, quotes, a line break, leading zeros) and are checked against the rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { createNodeDuck, nodeSource } from '../../engine/node-duck.ts';
import { EngineCore } from '../../engine/core.ts';
import { segmentUsersCsv } from './export.ts';
import type { SegmentResult } from './spec.ts';

const ids = [
	'=HYPERLINK("x")',
	'+cmd|calc',
	'@SUM(1)',
	'-5',
	'a,b',
	'say "hi"',
	'two\nlines',
	'0042',
	'plain'
];
const bought = new Set(['=HYPERLINK("x")', '@SUM(1)', 'a,b', 'two\nlines', '0042']);

let dir: string;
let core: EngineCore;
beforeAll(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-export-'));
	const rows = ids.flatMap((id, i) => [
		{ user: id, time: `2025-03-0${(i % 9) + 1}T10:00:00Z`, event: 'view' },
		...(bought.has(id) ? [{ user: id, time: `2025-03-0${(i % 9) + 1}T11:00:00Z`, event: 'buy' }] : [])
	]);
	await writeFile(path.join(dir, 'events.csv'), Papa.unparse(rows, { quotes: true }) + '\n');
	core = new EngineCore(await createNodeDuck());
	await core.ingest([await nodeSource(path.join(dir, 'events.csv'))], {
		columns: { user: 'user', time: 'time', event: 'event' }
	});
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('export a segment’s users as CSV', () => {
	it('writes every user of the segment, formulas as text, other ids exactly', async () => {
		const result = (await core.result({
			kind: 'segment',
			rule: { did: 'buy' },
			list: true
		})) as SegmentResult;
		const csv = segmentUsersCsv(result.userIds ?? []);
		const parsed = Papa.parse<string[]>(csv).data;
		expect(parsed[0]).toEqual(['user']);
		const cells = parsed.slice(1).map((r) => r[0]);
		for (const c of cells) expect(c).not.toMatch(/^[=+\-@\t\r\n]/);
		const unescaped = cells.map((c) => (/^'[=+\-@\t\r\n]/.test(c) ? c.slice(1) : c));
		expect(new Set(unescaped)).toEqual(bought);
		expect(cells).toHaveLength(bought.size);
	});

	it('the exact text, by hand', () => {
		expect(segmentUsersCsv(['=1+1', 'u,1', '0042'])).toBe(`user\r\n"'=1+1"\r\n"u,1"\r\n0042`);
	});
});
