/**
 * Every refused data input of the hostile corpus (test/hostile/corpus.ts), loaded one after another into ONE
 * engine after a good dataset: each must fail with the corpus's message in the user's terms (their file
 * named, no engine name), and leave the good dataset in force and answering queries with the counts made by
 * hand. The CLI test (hostile-cli.test.ts) starts from nothing each time; this is the page's situation
 * under Node: a bad file dropped onto work already loaded.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { mkdir, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { nodeSource } from '../../src/lib/engine/node-duck.ts';
import { userMessage } from '../../src/lib/messages.ts';
import type { DatasetInput } from '../../src/lib/engine/ingest/index.ts';
import { bench, type Bench } from './support/ingest-files.ts';
import { hostileCorpus, type HostileInput } from '../hostile/corpus.ts';
import { csv, eventLines } from '../hostile/make.ts';

const corpus = await hostileCorpus();
const refused = corpus.filter((e) => e.spec === undefined && 'fails' in e.expect);

/** The engine's own names, and DuckDB's dumps: never in a message. */
const INTERNAL =
	/__g\d|\/inputs\/|events__stage|Binder Error|Catalog Error|Parser Error|__user|LINE 1:|Original Line/;

/**
 * The good dataset: 12 events, users u0…u4 (row i has user u(i % 5)), one hour apart from
 * 2025-01-01T00:00Z, events e0…e2. By hand: 12 rows, 5 users, first and last in epoch seconds.
 */
const GOOD = { rows: 12, users: 5, first: 1_735_689_600, last: 1_735_689_600 + 11 * 3600 };

let b: Bench;
beforeAll(async () => {
	b = await bench();
	await b.load('kept.csv', csv('user,time,event', eventLines(12)));
}, 120_000);

/** `--map role=col,…` as the dataset input the page's mapping panel gives. */
function inputOf(entry: HostileInput): DatasetInput {
	const at = entry.args?.indexOf('--map') ?? -1;
	if (at < 0) return {};
	const pairs = entry.args![at + 1].split(',').map((p) => p.split('='));
	return { columns: Object.fromEntries(pairs) };
}

describe('a refused hostile input leaves the dataset before it in force', () => {
	test('the corpus refuses inputs of many kinds', () => {
		expect(refused.length).toBeGreaterThanOrEqual(30);
		expect(new Set(refused.map((e) => e.kind)).size).toBeGreaterThanOrEqual(10);
	});

	test.each(refused.map((e, i) => [e.name, e, i] as const))(
		'%s',
		async (_name, entry, i) => {
			const dir = path.join(b.dir, `kept-${i}`);
			const sources = [];
			for (const f of entry.files) {
				const folder = f.dir ? path.join(dir, f.dir) : dir;
				await mkdir(folder, { recursive: true });
				const p = path.join(folder, f.name);
				await writeFile(p, f.bytes);
				if (f.size) await truncate(p, f.size);
				sources.push(await nodeSource(p));
			}
			const before = b.core.report;
			const message = await b.core.ingest(sources, inputOf(entry)).then(
				() => 'loaded',
				(e: unknown) => userMessage(e, { doing: 'load', files: entry.files.map((f) => f.name) })
			);
			const want = entry.expect as { fails: RegExp; names: string };
			expect(message).toMatch(want.fails);
			expect(message).toContain(want.names);
			expect(message).not.toMatch(INTERNAL);
			expect(b.core.report).toBe(before);
			expect(
				await b.rows(
					`SELECT count(*)::INTEGER AS rows, count(DISTINCT __user)::INTEGER AS users,
					   epoch(min(__time))::DOUBLE AS first, epoch(max(__time))::DOUBLE AS last FROM events`
				)
			).toEqual([GOOD]);
		},
		180_000
	);
});
