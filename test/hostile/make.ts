/**
 * The shapes of the hostile corpus (corpus.ts) and the small generators its kinds share. Everything is made
 * in code, deterministically: no file of the corpus is committed.
 */
import { constants, crc32, deflateRawSync, gzipSync } from 'node:zlib';

/** The kinds of hostile input issue 7 lists, one name each. */
export type Kind =
	| 'malformed-csv'
	| 'ragged-csv'
	| 'encoding'
	| 'nul-bytes'
	| 'binary-as-text'
	| 'huge-field'
	| 'many-columns'
	| 'names'
	| 'markup-sql'
	| 'spec-sql'
	| 'spec-numbers'
	| 'times'
	| 'gzip'
	| 'size-limit'
	| 'parquet'
	| 'deep-json'
	| 'proto-json'
	| 'many-files'
	| 'urls';

export interface HostileFile {
	/** The name the user's file has (markup, spaces and any script allowed; never a slash). */
	name: string;
	bytes: Uint8Array;
	/** The file is this long: `bytes` and then zero bytes (a sparse file on disk, a composed Blob in a page). */
	size?: number;
	/** A folder of its own (many files of one name). */
	dir?: string;
}

/** What a load must give, counted by hand from how the input was made. */
export interface Loaded {
	rows: number;
	rejected?: number;
	users?: number;
	events?: number;
	/** The report says a file was cut off. */
	truncated?: boolean;
	/** The encoding the report says the (first) file was read in. */
	encoding?: string;
	firstTime?: string;
	lastTime?: string;
	/**
	 * The lines of the user's file (1 is the first, the header) the report's rejected examples name, in
	 * order; every example must also name the file.
	 */
	lines?: number[];
	/**
	 * For rows set aside after the read (a time that is none): the data rows (1 is the first after the header)
	 * the report's examples name as "Row N", in order.
	 */
	dataRows?: number[];
	/** Column names the report must list (in any order, among others). */
	columns?: string[];
	/** Roles the mapping must give (null: no column). */
	mapping?: Record<string, string | null>;
}

/** A retention result's cohorts, by hand. */
export interface Cohorts {
	cohorts: { cohort: string | null; size: number; values: (number | null)[] }[];
}

export type Outcome =
	| { loads: Loaded }
	| { runs: Cohorts }
	/** The failure message matches `fails` and contains `names` (the user's file, or the spec field). */
	| { fails: RegExp; names: string };

export interface HostileInput {
	/** Unique, also the test's title. */
	name: string;
	kind: Kind;
	/** The data files; for a spec entry, the files its dataset names (beside the spec). */
	files: HostileFile[];
	/** A spec entry: the contents of SPEC.json, run with `footfall run`. */
	spec?: string | Uint8Array;
	/** Extra `footfall inspect` options (the page takes the same input through its mapping). */
	args?: string[];
	expect: Outcome;
	/**
	 * Dropped into the page by the browser test too; `cancel`: the page's load is cancelled while it runs,
	 * and the dataset before must stay (for an input whose outcome takes the browser too long to reach).
	 */
	page?: boolean | 'cancel';
	/** Why the expected outcome is right, where it is not plain from the input. */
	why?: string;
}

const encoder = new TextEncoder();
export const utf8 = (text: string): Uint8Array => encoder.encode(text);

/** Hours after 2025-01-01T00:00:00Z, written as ISO 8601 UTC. */
export const isoHour = (h: number) => new Date(Date.UTC(2025, 0, 1) + h * 3_600_000).toISOString();

/**
 * `n` event lines `user,time,event`: user `u<i % users>`, one hour apart from `from` hours after
 * 2025-01-01T00:00Z, events `e0`…`e2` in turn.
 */
export function eventLines(n: number, { users = 5, from = 0, sep = ',' } = {}): string[] {
	return Array.from({ length: n }, (_, i) =>
		[`u${(from + i) % users}`, isoHour(from + i), `e${(from + i) % 3}`].join(sep)
	);
}

/** A delimited file: the header line, then `lines`, each ended by `eol`. */
export const csv = (header: string, lines: string[], eol = '\n') =>
	[header, ...lines].map((l) => l + eol).join('');

/** Six good rows of five users: what a file that loads plainly holds. */
export const plain = (name = 'events.csv', n = 6): HostileFile => ({
	name,
	bytes: utf8(csv('user,time,event', eventLines(n)))
});

/** A CSV field quoted as every spreadsheet writes it. */
export const quoted = (s: string) => `"${s.replaceAll('"', '""')}"`;

export const gzip = (data: string | Uint8Array) => new Uint8Array(gzipSync(data));

/**
 * A gzip stream of `head`, then `block` repeated `times` times, then `tail`, built without holding the
 * unpacked text: `block` is deflated once, flushed so that the deflate state starts afresh after it, and its
 * bytes repeated. The trailer's CRC-32 and length are those of the whole text (length modulo 2^32, as
 * RFC 1952 has it). A few megabytes that unpack to gigabytes.
 */
export function gzipBomb(head: string, block: Uint8Array, times: number, tail: string): Uint8Array {
	const flush = { finishFlush: constants.Z_FULL_FLUSH };
	const start = deflateRawSync(head, flush);
	const repeated = deflateRawSync(block, flush);
	const end = deflateRawSync(tail);
	let crc = crc32(head);
	for (let i = 0; i < times; i++) crc = crc32(block, crc);
	crc = crc32(tail, crc);
	const size = utf8(head).length + block.length * times + utf8(tail).length;
	const trailer = Buffer.alloc(8);
	trailer.writeUInt32LE(crc >>> 0, 0);
	trailer.writeUInt32LE(size % 2 ** 32, 4);
	const header = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
	const parts = [Uint8Array.from(header), start, ...Array<Uint8Array>(times).fill(repeated), end, trailer];
	const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

/** Bytes that follow no text encoding and no known file format (a linear congruential sequence). */
export function noise(n: number, seed = 7): Uint8Array {
	let x = seed;
	return Uint8Array.from({ length: n }, () => {
		x = (x * 1103515245 + 12345) >>> 0;
		return x >>> 24;
	});
}

/** Concatenated byte arrays. */
export function bytes(...parts: (Uint8Array | number[] | string)[]): Uint8Array {
	const arrays = parts.map((p) => (typeof p === 'string' ? utf8(p) : Uint8Array.from(p)));
	const out = new Uint8Array(arrays.reduce((s, p) => s + p.length, 0));
	let at = 0;
	for (const a of arrays) {
		out.set(a, at);
		at += a.length;
	}
	return out;
}

/** UTF-16 bytes of `text`, with or without a byte order mark. */
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
