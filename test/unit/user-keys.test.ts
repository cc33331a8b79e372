import { beforeAll, describe, expect, test } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { ingest } from '../../src/lib/engine/ingest/index.ts';
import type { Database } from '../../src/lib/engine/duck.ts';

let duck: Database;
let tmp: string;
beforeAll(async () => {
	duck = await createNodeDuck();
	tmp = await mkdtemp(path.join(os.tmpdir(), 'footfall-ukeys-'));
});

async function load(name: string, text: string, columns: Record<string, string>) {
	const file = path.join(tmp, name);
	await writeFile(file, text);
	return ingest(duck, [await nodeSource(file)], { columns });
}

/** Each kept row's user and key. */
const keys = () =>
	duck.rows<{ u: string | null; k: number | null }>(
		`SELECT __user AS u, __ukey AS k FROM events ORDER BY __row`
	);

/** The independent rule (schema.ts): 0 to users - 1, in the order of the ids' UTF-8 bytes. */
function expectedKeys(users: (string | null)[]) {
	const bytes = (s: string) => Buffer.from(s, 'utf8');
	const sorted = [...new Set(users.filter((u): u is string => u !== null))].sort((a, b) =>
		Buffer.compare(bytes(a), bytes(b))
	);
	return users.map((u) => (u === null ? null : sorted.indexOf(u)));
}

describe('user keys', () => {
	test('run from 0 in id order, case and accents included; a row without a user has none', async () => {
		const ids = ['b', 'a', 'B', 'Ä', '10', '9', '', 'a', 'é', 'Z', 'b'];
		const lines = ['user,event,time', ...ids.map((u, i) => `${u},e,2025-01-0${1 + (i % 9)}T10:00:00Z`)];
		const { report } = await load('keys.csv', lines.join('\n') + '\n', { user: 'user', time: 'time' });
		const rows = await keys();
		expect(rows.map((r) => r.u)).toEqual(ids.map((u) => (u === '' ? null : u)));
		expect(rows.map((r) => r.k)).toEqual(expectedKeys(rows.map((r) => r.u)));
		expect(report.users).toBe(new Set(ids.filter(Boolean)).size);
	});

	test('cover the users identity resolution gives to anonymous rows', async () => {
		const lines = [
			'user,anon,event,time',
			',d1,view,2025-01-01T09:00:00Z',
			'zed,d1,login,2025-01-01T10:00:00Z',
			',d2,view,2025-01-01T11:00:00Z',
			'amy,,buy,2025-01-02T10:00:00Z'
		];
		const { report } = await load('anon.csv', lines.join('\n') + '\n', {
			user: 'user',
			anonymous: 'anon',
			time: 'time'
		});
		const rows = await keys();
		expect(rows.map((r) => r.u)).toEqual(['zed', 'zed', 'd2', 'amy']);
		expect(rows.map((r) => r.k)).toEqual([2, 2, 1, 0]);
		expect(report.users).toBe(3);
	});

	test('a file whose user column is empty everywhere has no keys and no users', async () => {
		const lines = ['user,event,time', ',e,2025-01-01T10:00:00Z', ',e,2025-01-02T10:00:00Z'];
		const { report } = await load('none.csv', lines.join('\n') + '\n', { user: 'user', time: 'time' });
		expect(await keys()).toEqual([
			{ u: null, k: null },
			{ u: null, k: null }
		]);
		expect(report.users).toBe(0);
	});
});
