// Corrupt Parquet, deep JSON, prototype-polluting JSON.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { bytes, type HostileInput, isoHour, utf8 } from '../make.ts';

/**
 * A Parquet file written by DuckDB's own native build (not the engine under test): `rows` events of 5 users,
 * one hour apart from 2025-01-01, plus the extra columns in `extra` (SQL select expressions over `i`).
 */
async function nativeParquet(rows: number, extra = ''): Promise<Uint8Array> {
	return (await nativeParquetGroups(rows, extra)).bytes;
}

/** The same, with where each row group's column chunks lie (by DuckDB's own `parquet_metadata`). */
export async function nativeParquetGroups(rows: number, extra = '') {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-corpus-'));
	const file = path.join(dir, 'x.parquet');
	const db = await DuckDBInstance.create(':memory:');
	const conn = await db.connect();
	try {
		await conn.run(
			`COPY (SELECT 'u' || (i % 5) AS "user", TIMESTAMPTZ '2025-01-01 00:00:00+00' + to_hours(i) AS "time",
			   'e' || (i % 3) AS event${extra ? ', ' + extra : ''} FROM range(${rows}) t(i))
			 TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`
		);
		const chunks = (
			await conn.runAndReadAll(
				`SELECT row_group_id::INTEGER AS g, row_group_num_rows::INTEGER AS n,
				   data_page_offset::INTEGER AS pos FROM parquet_metadata('${file}') ORDER BY g, pos`
			)
		).getRowObjects() as { g: number; n: number; pos: number }[];
		return { bytes: new Uint8Array(await readFile(file)), chunks };
	} finally {
		conn.closeSync();
		await rm(dir, { recursive: true, force: true });
	}
}

async function parquet(): Promise<HostileInput[]> {
	const good = await nativeParquet(2000);
	// Three row groups; the page headers of the middle one's column chunks overwritten.
	const grouped = await nativeParquetGroups(6000);
	const middle = grouped.chunks.filter((c) => c.g === 1);
	const oneGroupBad = grouped.bytes.slice();
	for (const c of middle) oneGroupBad.fill(0xff, c.pos, c.pos + 12);
	const none = await nativeParquet(0);
	const sqlNames = await nativeParquet(
		4,
		`'<b>' || i AS "<script>alert(1)</script>", i AS "'); DROP TABLE events; --", 'x' AS "a"";b"`
	);
	const flipped = good.slice();
	// Damage the data of the second row group onwards, leaving the footer whole.
	for (let i = good.length >> 2; i < good.length >> 1; i += 7) flipped[i] ^= 0xa5;
	const magic = 'PAR1';
	const fail = (name: string, data: Uint8Array, re: RegExp, page = false): HostileInput => ({
		name: `Parquet: ${name}`,
		kind: 'parquet',
		files: [{ name, bytes: data }],
		expect: { fails: re, names: name },
		page
	});
	return [
		fail('magic-only.parquet', utf8(magic + magic), /cut short|damaged/i),
		fail('empty-footer.parquet', bytes(magic, [0, 0, 0, 0], magic), /damaged/i, true),
		fail('garbage-footer.parquet', bytes(magic, 'not thrift at all', [17, 0, 0, 0], magic), /damaged/i),
		fail('huge-footer-length.parquet', bytes(magic, [0xff, 0xff, 0xff, 0x7f], magic), /damaged|cut short/i),
		fail('cut-in-half.parquet', good.subarray(0, good.length >> 1), /cut short|damaged/i, true),
		fail('no-rows.parquet', none, /no readable rows|no rows|nothing to load/i),
		{
			name: 'Parquet: data pages damaged, footer whole',
			kind: 'parquet',
			files: [{ name: 'flipped.parquet', bytes: flipped }],
			expect: { fails: /damaged|cannot be read|could not be read/i, names: 'flipped.parquet' },
			page: true,
			why: 'a row group that cannot be decoded is refused with the file named, never loaded as zeros'
		},
		{
			name: 'Parquet: one row group of three damaged',
			kind: 'parquet',
			files: [{ name: 'one-group-bad.parquet', bytes: oneGroupBad }],
			expect: { loads: { rows: 6000 - middle[0].n, rejected: middle[0].n, users: 5 } },
			page: true,
			why: 'a bad part costs that part: the damaged row group is rejected with its reason, the others load'
		},
		{
			name: 'Parquet named as CSV',
			kind: 'parquet',
			files: [{ name: 'really-parquet.csv', bytes: good }],
			expect: { loads: { rows: 2000, users: 5, events: 3 } }
		},
		{
			name: 'Parquet with SQL and markup column names',
			kind: 'parquet',
			files: [{ name: 'sql-names.parquet', bytes: sqlNames }],
			expect: {
				loads: {
					rows: 4,
					users: 4,
					columns: ['<script>alert(1)</script>', "'); DROP TABLE events; --", 'a";b']
				}
			},
			page: true
		}
	];
}

const rec = (i: number, more = '') => `{"user":"u${i}","time":"${isoHour(i)}","event":"e"${more}}`;

function deepJson(): HostileInput[] {
	const deepObj = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
	const deepArr = (n: number) => '['.repeat(n) + ']'.repeat(n);
	const longKey = 'k'.repeat(5000);
	const longPath = `{"${longKey}":`.repeat(40) + '1' + '}'.repeat(40);
	return [
		{
			name: 'JSON Lines: an object nested 10,000 deep',
			kind: 'deep-json',
			files: [
				{
					name: 'deep-object.jsonl',
					bytes: utf8([rec(0, `,"deep":${deepObj(10_000)}`), rec(1), rec(2)].join('\n') + '\n')
				}
			],
			expect: { loads: { rows: 3, rejected: 0, users: 3 } },
			page: true
		},
		{
			name: 'JSON Lines: an array nested 100,000 deep',
			kind: 'deep-json',
			files: [
				{
					name: 'deep-array.jsonl',
					bytes: utf8([rec(0, `,"deep":${deepArr(100_000)}`), rec(1)].join('\n') + '\n')
				}
			],
			expect: { loads: { rows: 2, rejected: 0, users: 2 } }
		},
		{
			name: 'JSON array of records, one nested 20,000 deep',
			kind: 'deep-json',
			files: [
				{ name: 'deep.json', bytes: utf8(`[${rec(0, `,"d":${deepObj(20_000)}`)},${rec(1)},${rec(2)}]`) }
			],
			expect: { loads: { rows: 3, rejected: 0, users: 3 } }
		},
		{
			name: 'nothing but nested arrays',
			kind: 'deep-json',
			files: [{ name: 'only-nesting.json', bytes: utf8(deepArr(50_000)) }],
			expect: {
				fails: /no readable rows|no records|not an? (array of )?(records|objects)|nothing|object|empty/i,
				names: 'only-nesting.json'
			}
		},
		{
			name: 'a deep line never closed among good lines',
			kind: 'deep-json',
			files: [
				{
					name: 'unclosed-deep.jsonl',
					bytes: utf8([rec(0), '{"a":'.repeat(5000) + '1', rec(1), rec(2)].join('\n') + '\n')
				}
			],
			expect: { loads: { rows: 3, rejected: 1, users: 3 } }
		},
		{
			name: 'keys of 5,000 characters nested 40 deep',
			kind: 'deep-json',
			files: [
				{ name: 'long-keys.jsonl', bytes: utf8([rec(0, `,"p":${longPath}`), rec(1)].join('\n') + '\n') }
			],
			expect: { loads: { rows: 2, users: 2 } }
		}
	];
}

function protoJson(): HostileInput[] {
	const polluting = [
		rec(0, ',"__proto__":{"polluted":"yes","isAdmin":true},"constructor":{"prototype":{"bad":1}}'),
		rec(1, ',"__proto__":"text","constructor":"c","toString":"t","hasOwnProperty":"h","valueOf":"v"'),
		rec(
			2,
			',"list":[{"__proto__":{"polluted":"yes"}}],"event_params":[{"key":"__proto__","value":{"string_value":"kv"}}]'
		)
	];
	return [
		{
			name: 'JSON Lines with __proto__ and constructor keys',
			kind: 'proto-json',
			files: [{ name: 'proto.jsonl', bytes: utf8(polluting.join('\n') + '\n') }],
			expect: {
				loads: {
					rows: 3,
					users: 3,
					columns: ['__proto__', '__proto__.polluted', 'constructor.prototype.bad', 'toString']
				}
			},
			page: true
		},
		{
			name: 'a JSON array of records with __proto__ keys',
			kind: 'proto-json',
			files: [{ name: 'proto.json', bytes: utf8(`[${polluting.join(',')}]`) }],
			expect: { loads: { rows: 3, users: 3, columns: ['__proto__.polluted'] } }
		},
		{
			name: 'user ids named after Object.prototype',
			kind: 'proto-json',
			files: [
				{
					name: 'proto-ids.jsonl',
					bytes: utf8(
						['__proto__', 'constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']
							.map((u, i) => `{"user":"${u}","time":"${isoHour(i)}","event":"${u}"}`)
							.join('\n') + '\n'
					)
				}
			],
			expect: { loads: { rows: 6, users: 5, events: 5 } },
			page: true
		},
		{
			name: 'the user column itself called __proto__',
			kind: 'proto-json',
			files: [
				{
					name: 'proto-column.jsonl',
					bytes: utf8(
						[0, 1, 2, 3]
							.map((i) => `{"__proto__":"u${i % 2}","time":"${isoHour(i)}","event":"e"}`)
							.join('\n') + '\n'
					)
				}
			],
			args: ['--map', 'user=__proto__,time=time,event=event'],
			expect: { loads: { rows: 4, users: 2 } }
		}
	];
}

export const structured = async (): Promise<HostileInput[]> => [
	...(await parquet()),
	...deepJson(),
	...protoJson()
];
