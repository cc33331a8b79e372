/**
 * Writes the demo dataset as a gzipped CSV.
 *
 *   npx tsx src/cli/generate-demo.ts [--out static/data/demo-shop.csv.gz] [--seed 42] [--users 6000]
 *                                    [--start 2025-08-25] [--days 84]
 */

import { createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';
import { DEMO_DEFAULTS, csvLines, generateDemo } from '../lib/demo/generate.ts';

const { values } = parseArgs({
	options: {
		out: { type: 'string', default: 'static/data/demo-shop.csv.gz' },
		seed: { type: 'string', default: String(DEMO_DEFAULTS.seed) },
		users: { type: 'string', default: String(DEMO_DEFAULTS.users) },
		start: { type: 'string', default: DEMO_DEFAULTS.start },
		days: { type: 'string', default: String(DEMO_DEFAULTS.days) }
	}
});

function integer(name: string, text: string): number {
	if (!/^-?\d+$/.test(text)) throw new Error(`--${name} must be an integer, got ${text}`);
	return Number(text);
}

async function main(): Promise<void> {
	const events = generateDemo({
		seed: integer('seed', values.seed),
		users: integer('users', values.users),
		start: values.start,
		days: integer('days', values.days)
	});
	await mkdir(dirname(values.out), { recursive: true });
	await pipeline(Readable.from(csvLines(events)), createGzip({ level: 9 }), createWriteStream(values.out));
	const { size } = await stat(values.out);
	const users = new Set(events.map((e) => e.user_id).filter(Boolean)).size;
	const devices = new Set(events.map((e) => e.device_id)).size;
	console.log(
		`${values.out}: ${events.length} rows, ${devices} devices, ${users} user ids, ${size} bytes gzipped` +
			` (${events[0]?.timestamp} to ${events[events.length - 1]?.timestamp})`
	);
}

main().catch((err: unknown) => {
	console.error(err instanceof Error ? err.message : err);
	process.exitCode = 1;
});
