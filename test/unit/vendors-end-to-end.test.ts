/**
 * End-to-end ingest of each vendor's export layout. Every expected figure is worked out here from the fixture
 * file itself (JSON.parse, papaparse) and the vendor's documented semantics, never from the engine.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VENDORS } from './support/native-duck.ts';
import {
	duck,
	engineAnonymousRows,
	engineRowsByUser,
	ingest,
	tmp,
	useVendorDuck
} from './support/vendor-engine.ts';
import { CASES, expectedOf, readCsv } from './support/vendor-reference.ts';

useVendorDuck();

describe('each vendor export, end to end', () => {
	for (const c of CASES) {
		it(`${c.vendor}: layout, counts, time range and identities match the file read by hand`, async () => {
			const file = path.join(VENDORS, c.file);
			const want = expectedOf(c.read(file), c.mapping.id !== null);
			const report = await ingest(file);

			expect(report.vendor).toBe(c.vendor);
			expect(report.mapping).toMatchObject(c.mapping);
			expect(report.dataset.timeUnit).toBe(c.timeUnit);
			expect(report.dataset.dedupe).toBe(c.mapping.id ? 'id' : 'none');
			expect(report.rejected).toBe(0);
			expect(report.loadedRows).toBe(c.read(file).length);
			expect(report.rows).toBe(want.rows);
			expect(report.duplicates).toBe(want.duplicates);
			expect(report.users).toBe(want.users);
			expect(report.noUser).toBe(want.noUser);
			expect(report.events).toBe(want.events);
			expect(report.firstTime).toBe(want.firstTime);
			expect(report.lastTime).toBe(want.lastTime);
			expect(await engineRowsByUser(c.mapping.event!)).toEqual(want.rowsByUser);

			if (c.mapping.anonymous) {
				// The fixture has visitors who browse anonymously and then sign in on the same device.
				const linked = [...want.anonymousRows].filter(([anon, user]) => anon !== user);
				expect(linked.length).toBeGreaterThan(0);
				expect(await engineAnonymousRows(c.mapping.user)).toEqual(want.anonymousRows);
				expect(report.identity).toMatchObject(want.identity);
			} else {
				expect(report.identity).toBeNull();
			}
		});
	}

	it('posthog: a person’s anonymous distinct_id rows belong to that person', async () => {
		const file = path.join(VENDORS, 'posthog.csv');
		const rows = readCsv(file);
		const personOf = new Map(rows.map((r) => [r.distinct_id, r.person_id]));
		const idsPerPerson = new Map<string, Set<string>>();
		for (const r of rows)
			idsPerPerson.set(r.person_id, (idsPerPerson.get(r.person_id) ?? new Set()).add(r.distinct_id));
		expect([...idsPerPerson.values()].some((ids) => ids.size > 1)).toBe(true);

		await ingest(file);
		const got = await duck.rows<{ d: string; u: string }>(
			`SELECT DISTINCT distinct_id AS d, __user AS u FROM events`
		);
		expect(new Map(got.map((r) => [r.d, r.u]))).toEqual(personOf);
	});

	for (const c of CASES) {
		it(`${c.vendor}: a repeated row is ${c.mapping.id ? 'dropped by its event id' : 'kept (no event id)'}`, async () => {
			const source = path.join(VENDORS, c.file);
			const lines = readFileSync(source, 'utf8').split('\n');
			const repeated = c.file.endsWith('.csv') ? lines[2] : lines[1];
			const copy = path.join(tmp, `repeat-${c.file}`);
			await writeFile(copy, lines.filter((l) => l !== '').join('\n') + '\n' + repeated + '\n');
			const events = c.read(copy);
			expect(events.length).toBe(c.read(source).length + 1);
			const want = expectedOf(events, c.mapping.id !== null);
			expect(want.duplicates).toBe(c.mapping.id ? 1 : 0);

			const report = await ingest(copy);
			expect(report.loadedRows).toBe(events.length);
			expect(report.duplicates).toBe(want.duplicates);
			expect(report.rows).toBe(want.rows);
			expect(report.users).toBe(want.users);
			// The repeated row is an anonymous one: a dropped copy must not count as merged.
			if (c.mapping.anonymous) {
				expect(events[events.length - 1]).toMatchObject({ user: null });
				expect(report.identity).toMatchObject(want.identity);
			}
		});
	}
});
