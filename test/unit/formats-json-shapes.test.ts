import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadJson } from '../../src/lib/engine/formats/json.ts';
import {
	choppedSource,
	columnsOf,
	duck,
	fileSource,
	flatRows,
	jsonl,
	mixpanelColumns,
	mixpanelRows,
	nextTable,
	rowsOf,
	useFormatsDuck
} from './support/formats-fixture.ts';

useFormatsDuck();

describe('loadJson', () => {
	it('loads Mixpanel-style JSON Lines with nested properties flattened to dotted columns', async () => {
		const rows = mixpanelRows(40);
		const table = nextTable();
		const stats = await loadJson(duck, await fileSource('mixpanel.jsonl', jsonl(rows)), table);
		expect(stats).toEqual({ rows: 40, rejected: [], rejectedCount: 0 });
		expect(await columnsOf(table)).toEqual(mixpanelColumns);
		expect(await rowsOf(table)).toEqual(flatRows(rows));
	});

	it('loads Segment-style rows: deep context paths, nulls, CRLF line ends and blank lines', async () => {
		const lines = [
			{
				type: 'track',
				event: 'Order Completed',
				userId: null,
				anonymousId: 'anon-1',
				messageId: 'm1',
				timestamp: '2025-01-01T10:00:00.000Z',
				context: { page: { url: 'https://shop.example/cart?x=1', title: 'Cart' }, ip: '10.0.0.1' },
				properties: { revenue: 12.5, products: [{ id: 'p1', qty: 2 }] }
			},
			{
				type: 'identify',
				userId: 'u-42',
				anonymousId: 'anon-1',
				messageId: 'm2',
				timestamp: '2025-01-01T10:05:00.000Z',
				context: { page: { url: 'https://shop.example/' } },
				traits: { email: 'a@b.c' }
			}
		];
		const text = JSON.stringify(lines[0]) + '\r\n\r\n' + JSON.stringify(lines[1]) + '\r\n';
		const table = nextTable();
		const stats = await loadJson(duck, await fileSource('segment.json', text), table);
		expect(stats.rows).toBe(2);
		expect((await columnsOf(table)).map((c) => c.name)).toEqual([
			'type',
			'event',
			'userId',
			'anonymousId',
			'messageId',
			'timestamp',
			'context.page.url',
			'context.page.title',
			'context.ip',
			'properties.revenue',
			'properties.products',
			'traits.email'
		]);
		expect(await rowsOf(table)).toEqual([
			{
				type: 'track',
				event: 'Order Completed',
				userId: null,
				anonymousId: 'anon-1',
				messageId: 'm1',
				timestamp: '2025-01-01T10:00:00.000Z',
				'context.page.url': 'https://shop.example/cart?x=1',
				'context.page.title': 'Cart',
				'context.ip': '10.0.0.1',
				'properties.revenue': 12.5,
				'properties.products': '[{"id":"p1","qty":2}]',
				'traits.email': null
			},
			{
				type: 'identify',
				event: null,
				userId: 'u-42',
				anonymousId: 'anon-1',
				messageId: 'm2',
				timestamp: '2025-01-01T10:05:00.000Z',
				'context.page.url': 'https://shop.example/',
				'context.page.title': null,
				'context.ip': null,
				'properties.revenue': null,
				'properties.products': null,
				'traits.email': 'a@b.c'
			}
		]);
	});

	it('loads a pretty-printed JSON array, elements in file order', async () => {
		const rows = mixpanelRows(25);
		const table = nextTable();
		const text = JSON.stringify(
			rows.map((r) => r.raw),
			null,
			2
		);
		const stats = await loadJson(duck, await fileSource('mixpanel-array.json', text), table);
		expect(stats).toEqual({ rows: 25, rejected: [], rejectedCount: 0 });
		expect(await columnsOf(table)).toEqual(mixpanelColumns);
		expect(await rowsOf(table)).toEqual(flatRows(rows));
	});

	it('falls back to whole values for pretty-printed objects that are not one per line', async () => {
		const rows = mixpanelRows(3);
		const text = rows.map((r) => JSON.stringify(r.raw, null, 2)).join('\n');
		const table = nextTable();
		const stats = await loadJson(duck, await fileSource('pretty.json', text), table);
		expect(stats).toEqual({ rows: 3, rejected: [], rejectedCount: 0 });
		expect(await rowsOf(table)).toEqual(flatRows(rows));
	});

	it('splits correctly when records, strings, escapes and UTF-8 characters straddle stream chunks', async () => {
		const rows = mixpanelRows(30);
		const encoder = new TextEncoder();
		for (const [name, text] of [
			['chopped.jsonl', jsonl(rows)],
			['chopped.json', ' \n' + JSON.stringify(rows.map((r) => r.raw))]
		]) {
			for (const chunk of [1, 3, 7]) {
				const table = nextTable();
				const stats = await loadJson(duck, choppedSource(name, encoder.encode(text), chunk), table);
				expect(stats.rows).toBe(30);
				expect(await rowsOf(table)).toEqual(flatRows(rows));
			}
		}
	});

	it('reads gzip by its magic bytes, whatever the name, and reports compressed bytes read', async () => {
		const rows = mixpanelRows(3000);
		for (const [name, text] of [
			['events.jsonl.gz', jsonl(rows)],
			['events-array.json', JSON.stringify(rows.map((r) => r.raw))]
		]) {
			const gz = gzipSync(Buffer.from(text));
			const source = await fileSource(name, gz);
			const seen: number[] = [];
			const table = nextTable();
			const stats = await loadJson(duck, source, table, { onBytes: (n) => seen.push(n) });
			expect(stats.rows).toBe(3000);
			expect(seen.length).toBeGreaterThan(0);
			expect(seen.every((n, i) => i === 0 || n >= seen[i - 1])).toBe(true);
			expect(seen.at(-1)).toBe(gz.length);
			expect(await rowsOf(table)).toEqual(flatRows(rows));
		}
	});
});
