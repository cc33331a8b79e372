/**
 * Anonymisation of a workspace export (issue 13): user ids replaced by salted hashes, chosen columns dropped.
 * The hash is HMAC-SHA-256 keyed by a salt kept in this browser only (never in the file), so the same id
 * hashes the same way in the data, the specs and the results of one export (and of later exports from this
 * browser), and nobody without the salt can test a guessed id against the file.
 */
import Papa from 'papaparse';
import { ShareError } from './guard.ts';

/** Hex digits kept of each hash: 96 bits, no collision among any realistic number of users. */
const HASH_HEX = 24;

/** Maps an id to its salted hash (async: Web Crypto); the same id always gives the same hash. */
export type IdHasher = (id: string) => Promise<string>;

/** A new random salt (32 bytes) for a browser that has none yet. */
export function newSalt(): Uint8Array {
	return crypto.getRandomValues(new Uint8Array(32));
}

/** The hasher of `salt`: HMAC-SHA-256 of the id's UTF-8, the first HASH_HEX hex digits, memoised. */
export async function idHasher(salt: Uint8Array): Promise<IdHasher> {
	const key = await crypto.subtle.importKey(
		'raw',
		salt as BufferSource,
		{ name: 'HMAC', hash: 'SHA-256' },
		false,
		['sign']
	);
	const memo = new Map<string, Promise<string>>();
	return (id: string) => {
		let h = memo.get(id);
		if (!h) {
			h = crypto.subtle
				.sign('HMAC', key, new TextEncoder().encode(id))
				.then((sig) =>
					Array.from(new Uint8Array(sig).subarray(0, HASH_HEX / 2), (b) =>
						b.toString(16).padStart(2, '0')
					).join('')
				);
			memo.set(id, h);
		}
		return h;
	};
}

type Json = unknown;

/**
 * A spec, segment rule or dataset options with every user id in it hashed: the ids of a fixed user list
 * (`{ users: [...] }`), and the values compared with an id column (`{ column, value }` filters and
 * `{ property, value }` rules whose column is one of `idColumns`). Returns a new value; numbers compared with
 * an id column are hashed as the text they are written as.
 */
export async function hashIdsIn(value: Json, idColumns: ReadonlySet<string>, hash: IdHasher): Promise<Json> {
	const scalar = async (v: Json) => (typeof v === 'string' || typeof v === 'number' ? hash(String(v)) : v);
	const walk = async (v: Json): Promise<Json> => {
		if (Array.isArray(v)) return Promise.all(v.map(walk));
		if (typeof v !== 'object' || v === null) return v;
		const o = v as Record<string, Json>;
		const out: Record<string, Json> = {};
		for (const [k, x] of Object.entries(o)) out[k] = await walk(x);
		if (Array.isArray(o.users) && o.users.every((u) => typeof u === 'string'))
			out.users = await Promise.all(o.users.map((u) => hash(u as string)));
		const col = typeof o.column === 'string' ? o.column : typeof o.property === 'string' ? o.property : null;
		if (col !== null && idColumns.has(col) && 'value' in o)
			out.value = Array.isArray(o.value) ? await Promise.all(o.value.map(scalar)) : await scalar(o.value);
		return out;
	};
	return walk(value);
}

async function textOf(file: File): Promise<string> {
	const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
	const gz = head[0] === 0x1f && head[1] === 0x8b;
	const stream = gz ? file.stream().pipeThrough(new DecompressionStream('gzip')) : file.stream();
	return new Response(stream).text();
}

/**
 * A delimited-text file rewritten: the values of `hashColumns` hashed (empty cells stay empty: no id), the
 * columns `dropColumns` left out. Returns plain (uncompressed) text under the same name without `.gz`.
 * Throws ShareError when the file is not delimited text with a header row naming those columns (JSON and
 * Parquet data cannot be rewritten here: the user is told to share without the data or without this option).
 */
export async function rewriteDelimited(
	file: File,
	hashColumns: readonly string[],
	dropColumns: readonly string[],
	hash: IdHasher,
	delimiter?: string
): Promise<File> {
	const cannot = () =>
		new ShareError(
			'data',
			`Footfall can hash ids and drop columns only in CSV or TSV files with a header row, and ${file.name} is not one (or lacks those columns). Export without the data, or without hashing ids and dropping columns.`
		);
	if (!/\.(csv|tsv|txt)(\.gz)?$/i.test(file.name)) throw cannot();
	const parsed = Papa.parse<string[]>(await textOf(file), {
		delimiter: delimiter ?? '',
		skipEmptyLines: true
	});
	const rows = parsed.data;
	const header = rows[0];
	if (!header || header.length < 2) throw cannot();
	const hashAt = hashColumns.map((c) => header.indexOf(c));
	if (hashAt.some((i) => i < 0)) throw cannot();
	const drop = new Set(dropColumns.map((c) => header.indexOf(c)));
	if (drop.has(-1)) throw cannot();
	const keep = header.map((_, i) => i).filter((i) => !drop.has(i));
	const out: string[][] = [keep.map((i) => header[i])];
	for (let r = 1; r < rows.length; r++) {
		const row = rows[r].slice();
		for (const i of hashAt) if (row[i] !== undefined && row[i] !== '') row[i] = await hash(row[i]);
		out.push(keep.map((i) => row[i] ?? ''));
	}
	const text = Papa.unparse(out, { delimiter: parsed.meta.delimiter, newline: '\n' }) + '\n';
	return new File([text], file.name.replace(/\.gz$/i, ''), {
		type: file.type && !/gzip/.test(file.type) ? file.type : 'text/csv',
		lastModified: file.lastModified
	});
}
