// The benchmark's event file: a PostHog-style export made from the seeded demo generator (run.ts, reopen.ts).
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { generateDemo } from '../../src/lib/demo/generate.ts';

/** Where generated benchmark files go (ignored by git). */
export const OUT = path.resolve('test/bench/out');

/**
 * The path of a CSV of `rows` events (7 columns, ~114 bytes a row), written into OUT the first time: rounds of
 * the demo generator with 20,000 users each, a round's user ids suffixed so rounds never share a user.
 */
export async function benchCsv(rows: number, log: (s: string) => void = console.log): Promise<string> {
	await mkdir(OUT, { recursive: true });
	const file = path.join(OUT, `events-${rows}.csv`);
	if (existsSync(file)) return file;
	log(`writing ${file} …`);
	const out = createWriteStream(file);
	out.write('uuid,timestamp,event,distinct_id,utm_source,device_type,revenue\n');
	let n = 0;
	for (let round = 0; n < rows; round++) {
		const events = generateDemo({ seed: 1000 + round, users: 20_000 });
		for (const e of events) {
			if (n >= rows) break;
			const id = (e.user_id || e.device_id) + (round ? `-${round}` : '');
			const line = `${e.uuid},${e.timestamp},${e.event},${id},${e.utm_source},${e.device_type},${e.revenue ?? ''}\n`;
			if (!out.write(line)) await once(out, 'drain');
			n++;
		}
	}
	out.end();
	await once(out, 'finish');
	return file;
}

/**
 * The same events as JSON Lines, written beside the CSV the first time: one object a row, the CSV's values
 * as strings, an empty value left out (about 200 bytes a row).
 */
export async function benchJsonl(rows: number, log: (s: string) => void = console.log): Promise<string> {
	const csv = await benchCsv(rows, log);
	const out = csv.replace(/\.csv$/, '.jsonl');
	if (existsSync(out)) return out;
	log(`writing ${out} …`);
	const w = createWriteStream(out);
	let names: string[] | null = null;
	for await (const line of createInterface({ input: createReadStream(csv) })) {
		const values = line.split(',');
		if (!names) {
			names = values;
			continue;
		}
		const o: Record<string, string> = {};
		names.forEach((n, i) => {
			if (values[i] !== '') o[n] = values[i];
		});
		if (!w.write(JSON.stringify(o) + '\n')) await once(w, 'drain');
	}
	w.end();
	await once(w, 'finish');
	return out;
}
