// Empty, damaged, truncated and bomb-sized gzip; files over the size limit.
import { constants, gunzipSync } from 'node:zlib';
import {
	bytes,
	csv,
	eventLines,
	gzip,
	gzipBomb,
	type HostileInput,
	isoHour,
	noise,
	utf16,
	utf8
} from '../make.ts';

const H = 'user,time,event';
const good = (n: number, from = 0) => eventLines(n, { from });

/** Lines that fit in the first half of a gzip stream, counted by zlib itself (an independent reader). */
function wholeLinesOf(cut: Uint8Array): number {
	const text = gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
	return text.slice(0, text.lastIndexOf('\n') + 1).split('\n').length - 2;
}

function gzips(): HostileInput[] {
	const full = gzip(csv(H, good(20_000)));
	const half = full.subarray(0, full.length >> 1);
	const badCrc = full.slice();
	badCrc[badCrc.length - 8] ^= 0xff;
	const fnameHeader = [0x1f, 0x8b, 8, 0x18, 0, 0, 0, 0, 0, 0xff];
	const withName = bytes(fnameHeader, '../../evil.csv\u0000', 'a comment\u0000', full.subarray(10));
	// Lines of a kilobyte: a real export's shape, without making the test count 80 million line ends.
	const line = `u1,${isoHour(0)},${'v'.repeat(1000)}\n`;
	const lineBlock = utf8(line.repeat(Math.floor(2 ** 20 / line.length)));
	const GB = 2 ** 30;
	return [
		{
			name: 'empty gzip',
			kind: 'gzip',
			files: [{ name: 'empty.csv.gz', bytes: gzip('') }],
			expect: { fails: /no data|empty/i, names: 'empty.csv.gz' },
			page: true
		},
		{
			name: 'a gzip header and nothing more',
			kind: 'gzip',
			files: [{ name: 'header.csv.gz', bytes: full.subarray(0, 10) }],
			expect: { fails: /no data|empty|damaged|cut|gzip/i, names: 'header.csv.gz' }
		},
		{
			name: 'gzip cut in half',
			kind: 'gzip',
			files: [{ name: 'half.csv.gz', bytes: half }],
			expect: { loads: { rows: wholeLinesOf(half), rejected: 0, users: 5, truncated: true } }
		},
		{
			name: 'gzip with a wrong checksum',
			kind: 'gzip',
			files: [{ name: 'bad-crc.csv.gz', bytes: badCrc }],
			expect: { loads: { rows: 20_000, users: 5, truncated: true } },
			why: 'every line unpacks, but the checksum says the data is damaged somewhere: all is kept, and the report says so'
		},
		{
			name: 'junk after the gzip stream',
			kind: 'gzip',
			files: [{ name: 'junk-after.csv.gz', bytes: bytes(full, noise(300, 31)) }],
			expect: { loads: { rows: 20_000, users: 5, truncated: true } },
			page: true,
			why: 'the data is whole and kept; what follows it is not gzip: the report says the file is damaged'
		},
		{
			name: 'two gzip members one after the other',
			kind: 'gzip',
			files: [
				{
					name: 'two-members.csv.gz',
					bytes: bytes(gzip(csv(H, good(100))), gzip(good(50, 100).join('\n') + '\n'))
				}
			],
			expect: { loads: { rows: 150, rejected: 0, users: 5 } },
			page: true,
			why: 'RFC 1952: a gzip file is a series of members; the text is all of them'
		},
		{
			name: 'gzip inside gzip',
			kind: 'gzip',
			files: [{ name: 'twice.csv.gz', bytes: gzip(gzip(csv(H, good(10)))) }],
			expect: { fails: /binary|compressed|gzip|not a CSV/i, names: 'twice.csv.gz' }
		},
		{
			name: 'gzip header naming a path and a comment',
			kind: 'gzip',
			files: [{ name: 'named.csv.gz', bytes: withName }],
			expect: { loads: { rows: 20_000, users: 5 } }
		},
		{
			name: 'gzip named as plain text',
			kind: 'gzip',
			files: [{ name: 'really-gzip.txt', bytes: gzip(csv(H, good(9))) }],
			expect: { loads: { rows: 9, users: 5 } }
		},
		{
			name: 'gzip of UTF-16 text',
			kind: 'gzip',
			files: [
				{
					name: 'utf16.tsv.gz',
					bytes: gzip(utf16(csv('user\ttime\tevent', eventLines(7, { sep: '\t' })), 'le', true))
				}
			],
			expect: { loads: { rows: 7, users: 5, encoding: 'utf-16le' } }
		},
		{
			name: 'gzip bomb: 2 GB of one line',
			kind: 'gzip',
			files: [
				{
					name: 'bomb-zeros.csv.gz',
					bytes: gzipBomb(
						`${H}\n${good(2).join('\n')}\n`,
						utf8('0'.repeat(2 ** 20)),
						2048 + 64,
						`\n${good(1, 2)}\n`
					)
				}
			],
			expect: { fails: /more than 2\.0 GB/, names: 'bomb-zeros.csv.gz' },
			page: 'cancel',
			why:
				'refused once 2 GB have come out (seconds under Node; about a minute in Chromium, whose ' +
				'DecompressionStream is slower: the page test cancels it and sees the dataset before stay)'
		},
		{
			name: 'gzip bomb: 2 GB of event lines',
			kind: 'gzip',
			files: [{ name: 'bomb-lines.csv.gz', bytes: gzipBomb(`${H}\n`, lineBlock, 2 * 1024 + 64, '') }],
			expect: { fails: /more than 2\.0 GB/, names: 'bomb-lines.csv.gz' }
		},
		{
			name: 'gzip bomb: JSON Lines',
			kind: 'gzip',
			files: [
				{
					name: 'bomb.jsonl.gz',
					bytes: gzipBomb(
						'',
						utf8(`{"user":"u1","time":"${isoHour(0)}","event":"e"}\n`.repeat(20_000)),
						Math.ceil((2.1 * GB) / 1_000_000),
						''
					)
				}
			],
			expect: { fails: /more than 2\.0 GB/, names: 'bomb.jsonl.gz' }
		},
		{
			name: 'gzip-compressed Parquet',
			kind: 'gzip',
			files: [{ name: 'events.parquet.gz', bytes: gzip(bytes('PAR1', noise(100), 'PAR1')) }],
			expect: { fails: /decompress it first/i, names: 'events.parquet.gz' }
		}
	];
}

function sizeLimit(): HostileInput[] {
	const GB = 2 ** 30;
	const head = utf8(csv(H, good(3)));
	return [
		{
			name: 'one file over 2 GB',
			kind: 'size-limit',
			files: [{ name: 'huge.csv', bytes: head, size: Math.round(2.2 * GB) }],
			expect: { fails: /2\.0 GB at most/, names: 'huge.csv' },
			page: true
		},
		{
			name: 'two files over 2 GB together',
			kind: 'size-limit',
			files: [
				{ name: 'part-1.csv', bytes: head, size: Math.round(1.1 * GB) },
				{ name: 'part-2.csv', bytes: head, size: Math.round(1.1 * GB) }
			],
			expect: { fails: /2\.0 GB at most/, names: 'part-1.csv' },
			page: true
		}
	];
}

export const gzipAndSize = (): HostileInput[] => [...gzips(), ...sizeLimit()];
