import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordFlattener } from '../../src/lib/engine/formats/flatten.ts';
import { PREVIEW_ROWS, SNIFF_BYTES } from '../../src/lib/engine/sniff.ts';
import { VENDORS } from './support/native-duck.ts';
import { sniffBytes, sniffPath } from './support/sniff-helpers.ts';

describe('sniffFile on JSON', () => {
	const jsonLines = (name: string) =>
		readFileSync(path.join(VENDORS, name), 'utf8')
			.trim()
			.split('\n')
			.map((l) => JSON.parse(l) as Record<string, unknown>);

	it('flattens Mixpanel properties with dots, in first-seen order', async () => {
		const p = await sniffPath(path.join(VENDORS, 'mixpanel.jsonl'));
		expect(p).toMatchObject({ format: 'jsonl', compressed: false });
		expect(p.header).toBeUndefined();
		expect(p.columns).toEqual([
			'event',
			'properties.time',
			'properties.distinct_id',
			'properties.$browser',
			'properties.$city',
			'properties.$current_url',
			'properties.$device_id',
			'properties.$insert_id',
			'properties.$os',
			'properties.mp_country_code',
			'properties.mp_lib',
			'properties.mp_processing_time_ms',
			'properties.$user_id',
			'properties.amount'
		]);
		const records = jsonLines('mixpanel.jsonl');
		expect(p.rows).toHaveLength(PREVIEW_ROWS);
		p.rows.forEach((row, i) => {
			const rec = records[i] as { event: string; properties: Record<string, unknown> };
			expect(row[0]).toBe(rec.event);
			expect(row[1]).toBe(String(rec.properties.time));
			expect(row[2]).toBe(rec.properties.distinct_id);
			expect(row[12]).toBe((rec.properties.$user_id as string | undefined) ?? '');
		});
	});

	it.each(['amplitude.jsonl', 'segment.jsonl', 'ga4.jsonl'])(
		'lists every nested field of %s',
		async (name) => {
			const p = await sniffPath(path.join(VENDORS, name));
			expect(p.format).toBe('jsonl');
			// Independent: every leaf path of every record, collected by walking the parsed JSON. A GA4 key/value
			// array (every item `{ key: text, value: {...} }`) is a leaf per key, as the JSON loader reads it.
			const leaves = new Set<string>();
			const keyValues = (v: unknown): v is { key: string }[] =>
				Array.isArray(v) &&
				v.length > 0 &&
				v.every((p) => p && typeof p === 'object' && typeof p.key === 'string' && 'value' in p);
			const walk = (v: unknown, at: string) => {
				if (keyValues(v)) for (const p of v) leaves.add(`${at}.${p.key}`);
				else if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) {
					for (const [k, x] of Object.entries(v)) walk(x, at ? `${at}.${k}` : k);
				} else if (!(v && typeof v === 'object' && !Array.isArray(v))) leaves.add(at);
			};
			for (const rec of jsonLines(name)) walk(rec, '');
			expect(new Set(p.columns)).toEqual(leaves);
		}
	);

	it('spreads GA4 event_params into a column per key, as the loader does, and reads integers exactly', async () => {
		const p = await sniffPath(path.join(VENDORS, 'ga4.jsonl'));
		const first = jsonLines('ga4.jsonl')[0];
		const cell = (c: string) => p.rows[0][p.columns.indexOf(c)];
		expect(p.columns).not.toContain('event_params');
		const params = first.event_params as { key: string; value: Record<string, unknown> }[];
		expect(params.length).toBeGreaterThan(1);
		for (const { key, value } of params) {
			const given = value.string_value ?? value.int_value ?? value.double_value;
			expect(cell(`event_params.${key}`)).toBe(String(given));
		}
		expect(cell('event_timestamp')).toBe(String(first.event_timestamp));
		expect(cell('device.web_info.browser')).toBe('Chrome');
		expect(cell('user_id')).toBe('');
	});

	it('reads a pretty-printed JSON array as format json with the same columns as JSONL', async () => {
		const records = jsonLines('mixpanel.jsonl');
		const p = await sniffBytes(JSON.stringify(records, null, 2), 'mixpanel.json');
		const lines = await sniffPath(path.join(VENDORS, 'mixpanel.jsonl'));
		expect(p.format).toBe('json');
		expect(p.columns).toEqual(lines.columns);
		expect(p.rows).toEqual(lines.rows);
	});

	it('reads the complete records of a JSON array cut off by the 256 KB limit', async () => {
		const one = jsonLines('amplitude.jsonl')[0];
		// Non-ASCII text on a single line: the 256 KB cut falls anywhere, possibly inside a character.
		const many = Array.from({ length: 600 }, (_, i) => ({ ...one, event_id: i, city: 'Zürich ✓' }));
		const json = Buffer.from(JSON.stringify(many));
		// Leading spaces shift the text so that the cut keeps only the first byte of a three-byte '✓'.
		const check = Buffer.from('✓');
		const before = json.lastIndexOf(check, SNIFF_BYTES - 1);
		const bytes = Buffer.concat([Buffer.alloc(SNIFF_BYTES - 1 - before, ' '), json]);
		expect(bytes.subarray(SNIFF_BYTES - 1, SNIFF_BYTES + 2)).toEqual(check);
		const p = await sniffBytes(bytes, 'big.json');
		expect(p.format).toBe('json');
		expect(p.rows.map((r) => r[p.columns.indexOf('event_id')])).toEqual(
			Array.from({ length: PREVIEW_ROWS }, (_, i) => String(i))
		);
		expect(new Set(p.rows.map((r) => r[p.columns.indexOf('city')]))).toEqual(new Set(['Zürich ✓']));
	});

	it('reports invalid JSON lines without failing the preview', async () => {
		const text = '{"event":"a","user":"u1"}\n{"event": oops}\n{"event":"b","user":"u2"}\n';
		const p = await sniffBytes(text, 'x.jsonl');
		expect(p.format).toBe('jsonl');
		expect(p.rows).toEqual([
			['a', 'u1'],
			['b', 'u2']
		]);
		expect(p.error).toMatch(/1 of the first 3 lines/);
	});

	it('the preview flattening leaves arrays whole (as JSON text) and drops empty objects', () => {
		const flat = new RecordFlattener().flatten({ a: { b: { c: 1 }, d: [1, { e: 2 }] }, f: {}, g: null });
		expect(Object.fromEntries(flat)).toEqual({ 'a.b.c': 1, 'a.d': '[1,{"e":2}]', g: null });
	});
});
