import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../../src/lib/engine/core.ts';
import type { Database } from '../../../src/lib/engine/duck.ts';
import type { DatasetInput } from '../../../src/lib/engine/ingest/index.ts';
import type { IngestReport } from '../../../src/lib/engine/ingest/report.ts';

/** One DuckDB-WASM engine under Node and a scratch folder for the files a test writes. */
export interface Bench {
	duck: Database;
	core: EngineCore;
	dir: string;
	/** Writes `content` to `name` in the scratch folder and returns its path. */
	write(name: string, content: string | Uint8Array): Promise<string>;
	/** Writes the file and loads it alone. */
	load(name: string, content: string | Uint8Array, input?: DatasetInput): Promise<IngestReport>;
	/** Rows of a query on the loaded dataset. */
	rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
}

export async function bench(): Promise<Bench> {
	const duck = await createNodeDuck();
	const core = new EngineCore(duck);
	const dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-csv-'));
	const write = async (name: string, content: string | Uint8Array) => {
		const p = path.join(dir, name);
		await writeFile(p, content);
		return p;
	};
	return {
		duck,
		core,
		dir,
		write,
		async load(name, content, input = {}) {
			return core.ingest([await nodeSource(await write(name, content))], input);
		},
		rows: (sql) => duck.rows(sql)
	};
}

/** Text as bytes in Windows-1252 (every character must be in it): an independent encoder for the tests. */
export function windows1252(text: string): Uint8Array {
	const high = new Map<string, number>();
	const decoder = new TextDecoder('windows-1252');
	for (let b = 0x80; b <= 0xff; b++) high.set(decoder.decode(new Uint8Array([b])), b);
	return Uint8Array.from(text, (ch) => {
		const code = ch.charCodeAt(0);
		if (code < 0x80) return code;
		const b = high.get(ch);
		if (b === undefined) throw new Error(`${ch} is not in Windows-1252`);
		return b;
	});
}

/** Text as UTF-16 bytes, with or without a byte order mark. */
export function utf16(text: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
	const body = bom ? '\ufeff' + text : text;
	const out = new Uint8Array(body.length * 2);
	for (let i = 0; i < body.length; i++) {
		const c = body.charCodeAt(i);
		out[2 * i + (endian === 'le' ? 0 : 1)] = c & 0xff;
		out[2 * i + (endian === 'le' ? 1 : 0)] = c >> 8;
	}
	return out;
}
