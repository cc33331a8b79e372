import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadJson } from '../../src/lib/engine/formats/json.ts';
import { sniffFile } from '../../src/lib/engine/sniff.ts';
import {
	columnsOf,
	duck,
	fileSource,
	jsonl,
	nextTable,
	rowsOf,
	useFormatsDuck
} from './support/formats-fixture.ts';

useFormatsDuck();

describe('loadJson', () => {
	it('spreads GA4 event_params and user_properties into one column per key', async () => {
		const param = (key: string, value: Record<string, unknown>) => ({
			key,
			value: { string_value: null, int_value: null, float_value: null, double_value: null, ...value }
		});
		const rows = [
			{
				event_date: '20250101',
				event_timestamp: '1735725600000000',
				event_name: 'page_view',
				user_pseudo_id: '123.456',
				event_params: [
					param('page_location', { string_value: 'https://a.example/b' }),
					param('ga_session_id', { int_value: '1735725600' }),
					param('engagement_time_msec', { int_value: 1234 })
				],
				user_properties: [
					{ key: 'tier', value: { string_value: 'gold', set_timestamp_micros: '1735725600000000' } }
				],
				items: [{ item_id: 'sku1' }]
			},
			{
				event_date: '20250101',
				event_timestamp: '1735725601000000',
				event_name: 'purchase',
				user_pseudo_id: '789.012',
				event_params: [param('value', { double_value: 19.99 }), param('page_location', {})],
				user_properties: [],
				items: []
			}
		];
		const table = nextTable();
		await loadJson(duck, await fileSource('ga4.jsonl', jsonl(rows.map((raw) => ({ raw })))), table);
		expect(await columnsOf(table)).toEqual([
			{ name: 'event_date', type: 'VARCHAR' },
			{ name: 'event_timestamp', type: 'VARCHAR' },
			{ name: 'event_name', type: 'VARCHAR' },
			{ name: 'user_pseudo_id', type: 'VARCHAR' },
			{ name: 'event_params.page_location', type: 'VARCHAR' },
			{ name: 'event_params.ga_session_id', type: 'BIGINT' },
			{ name: 'event_params.engagement_time_msec', type: 'BIGINT' },
			{ name: 'user_properties.tier', type: 'VARCHAR' },
			{ name: 'items', type: 'VARCHAR' },
			{ name: 'event_params.value', type: 'DOUBLE' },
			{ name: 'user_properties', type: 'VARCHAR' }
		]);
		expect(await rowsOf(table)).toEqual([
			{
				event_date: '20250101',
				event_timestamp: '1735725600000000',
				event_name: 'page_view',
				user_pseudo_id: '123.456',
				'event_params.page_location': 'https://a.example/b',
				'event_params.ga_session_id': 1735725600,
				'event_params.engagement_time_msec': 1234,
				'user_properties.tier': 'gold',
				items: '[{"item_id":"sku1"}]',
				'event_params.value': null,
				user_properties: null
			},
			{
				event_date: '20250101',
				event_timestamp: '1735725601000000',
				event_name: 'purchase',
				user_pseudo_id: '789.012',
				'event_params.page_location': null,
				'event_params.ga_session_id': null,
				'event_params.engagement_time_msec': null,
				'user_properties.tier': null,
				items: '[]',
				'event_params.value': 19.99,
				user_properties: '[]'
			}
		]);
	});

	it('previews a GA4-style export with the columns and cells the loader makes of it', async () => {
		// The preview used to keep event_params as one JSON value while the load spread it: a mapping chosen
		// on the preview named columns the loaded table did not have.
		const param = (key: string, value: Record<string, unknown>) => ({ key, value });
		const built = [
			{
				event_timestamp: 1735725600000000,
				event_name: 'page_view',
				user_pseudo_id: '123.456',
				event_params: [
					param('page_location', { string_value: 'https://a.example/b' }),
					param('ga_session_id', { int_value: '1735725600' })
				],
				device: { category: 'mobile', web_info: { browser: 'Safari' } },
				user_properties: [],
				items: [{ item_id: 'sku1' }]
			},
			{
				event_timestamp: 1735725601000000,
				event_name: 'purchase',
				user_pseudo_id: '789.012',
				// Differs from page_location only in case: DuckDB's names are case-insensitive, so it is renamed.
				event_params: [
					param('Page_Location', { string_value: '/thanks' }),
					param('value', { double_value: 9.5 })
				],
				device: { category: 'desktop' }
			}
		];
		const fixture = await readFile(path.resolve('test/fixtures/vendors/ga4.jsonl'));
		for (const [name, content] of [
			['built.jsonl', jsonl(built.map((raw) => ({ raw })))],
			['ga4.jsonl', fixture]
		] as const) {
			const source = await fileSource(name, content);
			const preview = await sniffFile(source.blob, name);
			const table = nextTable();
			await loadJson(duck, source, table);
			const loaded = (await columnsOf(table)).map((c) => c.name);
			expect(preview.columns).toEqual(loaded);
			expect(loaded.filter((c) => c.startsWith('event_params.')).length).toBeGreaterThanOrEqual(2);
			const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
			const cells = (await rowsOf(table))
				.slice(0, preview.rows.length)
				.map((r) => loaded.map((c) => text(r[c])));
			expect(preview.rows).toEqual(cells);
			if (name === 'built.jsonl') expect(loaded).toContain('event_params.Page_Location_2');
		}
	});

	it('adds columns that first appear after the first batch, keeping first-seen order', async () => {
		const raws: Record<string, unknown>[] = [];
		for (let i = 1; i <= 35; i++) {
			const row: Record<string, unknown> = { id: i };
			if (i <= 5) row.early = `e${i}`;
			if (i >= 27) row.late = { nested: i * 2 };
			if (i === 33) row.Late2 = true;
			raws.push(row);
		}
		const table = nextTable();
		const stats = await loadJson(
			duck,
			await fileSource('late.jsonl', raws.map((r) => JSON.stringify(r)).join('\n')),
			table,
			{ batchRows: 10 }
		);
		expect(stats.rows).toBe(35);
		expect(await columnsOf(table)).toEqual([
			{ name: 'id', type: 'BIGINT' },
			{ name: 'early', type: 'VARCHAR' },
			{ name: 'late.nested', type: 'BIGINT' },
			{ name: 'Late2', type: 'BOOLEAN' }
		]);
		expect(await rowsOf(table)).toEqual(
			raws.map((r) => ({
				id: r.id,
				early: r.early ?? null,
				'late.nested': (r.late as { nested: number } | undefined)?.nested ?? null,
				Late2: r.Late2 ?? null
			}))
		);
	});

	it('widens a column whose type changes between batches, and types a column that was only null', async () => {
		const values: unknown[] = [];
		for (let i = 0; i < 10; i++) values.push(i * 1000);
		for (let i = 0; i < 10; i++) values.push(i + 0.5);
		for (let i = 0; i < 10; i++) values.push(i % 2 ? `s${i}` : true);
		const lines = values.map((v, i) =>
			JSON.stringify({
				v,
				num: i < 10 ? i : i + 0.25,
				later: i < 10 ? null : i,
				mixedCase: i,
				MixedCase: 1 - i
			})
		);
		const table = nextTable();
		await loadJson(duck, await fileSource('conflict.jsonl', lines.join('\n')), table, { batchRows: 10 });
		expect(await columnsOf(table)).toEqual([
			{ name: 'v', type: 'VARCHAR' },
			{ name: 'num', type: 'DOUBLE' },
			{ name: 'later', type: 'BIGINT' },
			{ name: 'mixedCase', type: 'BIGINT' },
			{ name: 'MixedCase_2', type: 'BIGINT' }
		]);
		expect(await rowsOf(table)).toEqual(
			values.map((v, i) => ({
				v: String(v),
				num: i < 10 ? i : i + 0.25,
				later: i < 10 ? null : i,
				mixedCase: i,
				MixedCase_2: 1 - i
			}))
		);
	});
});
