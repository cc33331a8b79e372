import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
	looksLikeWorkspaceFile,
	serialiseWorkspaceFile,
	type WorkspaceFile
} from '../../src/lib/workspace/share/format.ts';
import { parseWorkspaceFile } from '../../src/lib/workspace/share/validate.ts';
import { MAX_DEPTH, MAX_FILE_BYTES, ShareError } from '../../src/lib/workspace/share/guard.ts';
import { packFiles, unpackFiles } from '../../src/lib/workspace/share/data.ts';
import { checkSpecColumns, parseAnalysis } from '../../src/lib/analyses/spec.ts';

/** A small valid workspace file, as Footfall would write it. */
function base(): Record<string, unknown> & { analyses: Record<string, unknown>[] } {
	return {
		footfall_workspace: 1,
		name: 'Shop',
		exportedAt: '2026-01-01T00:00:00.000Z',
		dataset: {
			label: 'events.csv',
			files: [{ name: 'events.csv', size: 10, lastModified: 0, type: 'text/csv' }],
			input: { columns: { user: 'user_id', time: 'ts' }, timezone: 'UTC' },
			fingerprint: 'fp'
		},
		anonymisation: { hashedIds: false, droppedColumns: [], k: null },
		segments: [{ id: 's1', name: 'Buyers', rule: { did: 'purchase' } }],
		analyses: [
			{
				id: 'a1',
				title: 'Daily users',
				spec: { kind: 'trend', measure: 'users', period: 'day' },
				segmentId: 's1',
				compare: false,
				view: { tab: 'chart' },
				pinned: true,
				order: 0,
				result: {
					period: 'day',
					measure: 'users',
					series: [{ key: null, points: [{ period: '2026-01-01', value: 3 }] }]
				}
			}
		],
		data: null
	};
}
const text = (x: unknown) => JSON.stringify(x);

/** The ShareError `parseWorkspaceFile` throws on `input` (fails the test when it accepts it). */
function refusal(input: string): ShareError {
	try {
		parseWorkspaceFile(input);
	} catch (e) {
		if (e instanceof ShareError) return e;
		throw e;
	}
	throw new Error('accepted a file it should refuse');
}

describe('a valid workspace file', () => {
	test('parses to the same fields, specs with their defaults', () => {
		const f = parseWorkspaceFile(text(base()));
		expect(f.name).toBe('Shop');
		expect(f.analyses[0].spec).toEqual(parseAnalysis({ kind: 'trend', measure: 'users', period: 'day' }));
		expect(f.analyses[0].result).toEqual(base().analyses[0].result);
		expect(f.dataset?.input).toEqual({ columns: { user: 'user_id', time: 'ts' }, timezone: 'UTC' });
		expect(f.segments[0].rule).toEqual({ did: 'purchase' });
	});

	test('writes footfall_workspace first, so its first bytes identify it', () => {
		const f = parseWorkspaceFile(text(base()));
		const out = serialiseWorkspaceFile({ ...f, name: 'x' } as WorkspaceFile);
		expect(out.startsWith('{"footfall_workspace":1,')).toBe(true);
		expect(looksLikeWorkspaceFile(new TextEncoder().encode(out))).toBe(true);
		expect(looksLikeWorkspaceFile(new TextEncoder().encode('\uFEFF \n{ "footfall_workspace" : 1}'))).toBe(
			true
		);
	});
});

describe('a JSON event export is never taken for a workspace file', () => {
	function jsonFiles(dir: string): string[] {
		return readdirSync(dir).flatMap((n) => {
			const p = path.join(dir, n);
			return statSync(p).isDirectory() ? jsonFiles(p) : /\.(json|jsonl|ndjson)$/.test(n) ? [p] : [];
		});
	}
	test('no JSON or JSONL file of the fixtures (vendor exports, specs, references) looks like one', () => {
		const files = jsonFiles('test/fixtures');
		expect(files.length).toBeGreaterThan(5);
		for (const f of files) expect(looksLikeWorkspaceFile(readFileSync(f)), f).toBe(false);
	});
	test('records that merely hold the key are events, not workspaces', () => {
		for (const t of ['[{"footfall_workspace":1}]', '{"event":"x","footfall_workspace":1}', '{"data":[]}'])
			expect(looksLikeWorkspaceFile(new TextEncoder().encode(t)), t).toBe(false);
	});
});

describe('hostile workspace files are refused with the field named', () => {
	test('bad JSON', () => {
		const e = refusal('{"footfall_workspace": 1, "name": ');
		expect(e.message).toMatch(/not valid JSON.*Export it again/);
	});
	test('not a workspace file at all', () => {
		expect(refusal('[{"event":"x"}]').message).toMatch(/not a Footfall workspace file/);
	});
	test('a newer or wrong version', () => {
		expect(refusal(text({ ...base(), footfall_workspace: 2 })).message).toMatch(
			/newer Footfall \(format 2\)/
		);
		expect(refusal(text({ ...base(), footfall_workspace: '1' })).field).toBe('footfall_workspace');
	});
	test('wrong types', () => {
		expect(refusal(text({ ...base(), name: 5 })).message).toBe('name must be text.');
		expect(refusal(text({ ...base(), analyses: {} })).field).toBe('analyses');
		const b = base();
		b.analyses[0].pinned = 'yes';
		expect(refusal(text(b)).field).toBe('analyses[0].pinned');
		const c = base();
		c.analyses[0].spec = { kind: 'trend', measure: 'visits' };
		expect(refusal(text(c)).field).toBe('analyses[0].spec.measure');
		const d = base();
		(d.analyses[0].result as { series: { points: { value: unknown }[] }[] }).series[0].points[0].value = '3';
		expect(refusal(text(d)).field).toBe('analyses[0].result.series[0].points[0].value');
	});
	test('an unknown kind, a dangling segment, a bad rule', () => {
		const a = base();
		a.analyses[0].spec = { kind: 'forecast' };
		expect(refusal(text(a)).field).toBe('analyses[0].spec.kind');
		const b = base();
		b.analyses[0].segmentId = 'nope';
		expect(refusal(text(b)).field).toBe('analyses[0].segmentId');
		const c = { ...base(), segments: [{ id: 's1', name: 'x', rule: { sessions: { '>=': 'many' } } }] };
		expect(refusal(text(c)).field).toMatch(/^segments\[0\]\.rule/);
	});
	test('SQL in names stays text; a column named with SQL only ever reaches the data as a quoted name', () => {
		const sql = `x"; DROP TABLE events; --`;
		const b = base();
		b.analyses[0].title = `Users'); DROP TABLE events; --`;
		b.analyses[0].spec = { kind: 'trend', measure: 'users', breakdown: sql };
		const f = parseWorkspaceFile(text(b));
		expect(f.analyses[0].title).toBe(`Users'); DROP TABLE events; --`);
		const spec = parseAnalysis(f.analyses[0].spec);
		// The engine checks every column a spec names against the data before any SQL runs.
		expect(() => checkSpecColumns(spec, ['user_id', 'ts', 'event'])).toThrow(/analysis\.breakdown/);
	});
	test('huge strings', () => {
		const b = base();
		b.analyses[0].title = 'x'.repeat(1_000_000);
		expect(refusal(text(b))).toMatchObject({ field: 'analyses[0].title' });
		expect(refusal(text(b)).message).toMatch(/1,000,000 characters/);
	});
	test('a file over the size limit is refused before it is parsed', () => {
		expect(refusal(' '.repeat(MAX_FILE_BYTES + 1)).message).toMatch(/larger than 300 MB/);
	});
	test('<script> in titles and names is kept as inert text (the page draws text, never markup)', () => {
		const b = base();
		b.analyses[0].title = '<script>window.pwned=1</script><img src=x onerror=alert(1)>';
		const f = parseWorkspaceFile(text({ ...b, name: '<script>alert(1)</script>' }));
		expect(f.analyses[0].title).toBe('<script>window.pwned=1</script><img src=x onerror=alert(1)>');
	});
	test('a URL in an image field is refused: no field of the format is fetched or drawn as an image', () => {
		const b = base();
		b.analyses[0].image = 'https://evil.example/x.png';
		expect(refusal(text(b)).field).toBe('analyses[0].image');
		expect(refusal(text({ ...base(), icon: 'http://evil.example/i.svg' })).field).toBe('icon');
	});
	test('__proto__ and constructor keys anywhere, and Object.prototype untouched', () => {
		const t = text(base()).replace('"name":"Shop"', '"name":"Shop","__proto__":{"polluted":true}');
		expect(refusal(t).field).toBe('__proto__');
		const nested = text(base()).replace(
			'"measure":"users","period"',
			'"measure":"users","constructor":{"prototype":{"polluted":true}},"period"'
		);
		expect(refusal(nested).field).toBe('analyses[0].spec.constructor');
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
	test('deep nesting', () => {
		const deep = '['.repeat(10_000) + ']'.repeat(10_000);
		const t = text(base()).replace('"data":null', `"data":${deep}`);
		expect(refusal(t).message).toMatch(new RegExp(`nested more than ${MAX_DEPTH} levels`));
	});
	test('damaged data, and data that inflates past the limit (a zip bomb)', async () => {
		const b = {
			...base(),
			data: { files: [{ name: 'e.csv', size: 1, lastModified: 0, type: '', gzipBase64: 'not base64!' }] }
		};
		expect(refusal(text(b)).field).toBe('data.files[0].gzipBase64');
		const zeros = new File([new Uint8Array(4 * 1024 * 1024)], 'zeros.csv');
		const packed = await packFiles([zeros]);
		expect(packed[0].gzipBase64.length).toBeLessThan(20_000);
		await expect(unpackFiles(packed, 1024 * 1024)).rejects.toThrow(/unpacks to more than 1 MB/);
		const ok = await unpackFiles(packed);
		expect(ok[0].size).toBe(4 * 1024 * 1024);
	});
});

describe('k is applied again on import', () => {
	test('a file that states k = 5 but holds a cell of 3 has that cell blanked', () => {
		const f = parseWorkspaceFile(
			text({ ...base(), anonymisation: { hashedIds: false, droppedColumns: [], k: 5 } })
		);
		expect(f.analyses[0].result).toEqual({
			period: 'day',
			measure: 'users',
			series: [{ key: null, points: [{ period: '2026-01-01', value: null }] }]
		});
	});
});
