// Odd encodings, binary named as text, damaged and bomb-sized gzip, files over the size limit.
import { constants, gunzipSync } from 'node:zlib';
import { bytes, csv, eventLines, gzip, gzipBomb, type HostileInput, isoHour, noise, utf8 } from '../make.ts';

const H = 'user,time,event';
const good = (n: number, from = 0) => eventLines(n, { from });

/** UTF-16 bytes of `text`, with or without a byte order mark. */
function utf16(text: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
	const body = bom ? '\ufeff' + text : text;
	const out = new Uint8Array(body.length * 2);
	for (let i = 0; i < body.length; i++) {
		const c = body.charCodeAt(i);
		out[2 * i + (endian === 'le' ? 0 : 1)] = c & 0xff;
		out[2 * i + (endian === 'le' ? 1 : 0)] = c >> 8;
	}
	return out;
}

/** Latin-1 bytes: every character below U+0100 as its code (Windows-1252 agrees on these letters). */
const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

const accented = csv(H, [
	'café,' + isoHour(0) + ',view',
	'Müller,' + isoHour(1) + ',achat',
	'Ångström,' + isoHour(2) + ',vue',
	'u4,' + isoHour(3) + ',señal'
]);

function encodings(): HostileInput[] {
	const tsv = csv('user\ttime\tevent', eventLines(5, { sep: '\t' }));
	// Line 2001 in Windows-1252, past the first bytes the preview reads.
	const lateLatin = bytes(csv(H, good(2000)), latin1(`Zoë,${isoHour(2000)},vue\n`));
	return [
		{
			name: 'UTF-16LE with a byte order mark (Excel "Unicode Text")',
			kind: 'encoding',
			files: [{ name: 'unicode.txt', bytes: utf16(tsv, 'le', true) }],
			expect: { loads: { rows: 5, users: 5, encoding: 'utf-16le' } },
			page: true
		},
		{
			name: 'UTF-16BE with a byte order mark',
			kind: 'encoding',
			files: [{ name: 'utf16be.csv', bytes: utf16(csv(H, good(5)), 'be', true) }],
			expect: { loads: { rows: 5, users: 5, encoding: 'utf-16be' } }
		},
		{
			name: 'UTF-16LE without a byte order mark',
			kind: 'encoding',
			files: [{ name: 'utf16-nobom.csv', bytes: utf16(csv(H, good(5)), 'le', false) }],
			expect: { loads: { rows: 5, users: 5, encoding: 'utf-16le' } }
		},
		{
			name: 'Windows-1252 accents',
			kind: 'encoding',
			files: [{ name: 'latin.csv', bytes: latin1(accented) }],
			expect: { loads: { rows: 4, users: 4, encoding: 'windows-1252' } },
			page: true
		},
		{
			name: 'UTF-8 with one Windows-1252 line far into the file',
			kind: 'encoding',
			files: [{ name: 'late-latin.csv', bytes: lateLatin }],
			expect: { loads: { rows: 2001, rejected: 0, users: 6, encoding: 'windows-1252' } },
			why: 'no line is lost: the odd line is read as Windows-1252 and its user Zoë is the sixth'
		},
		{
			name: 'UTF-8 with a byte order mark',
			kind: 'encoding',
			files: [{ name: 'bom.csv', bytes: bytes([0xef, 0xbb, 0xbf], csv(H, good(4))) }],
			expect: { loads: { rows: 4, users: 4, encoding: 'utf-8', columns: ['user'] } }
		},
		{
			name: 'overlong and surrogate UTF-8 sequences',
			kind: 'encoding',
			files: [
				{
					name: 'bad-utf8.csv',
					bytes: bytes(
						csv(H, good(3)),
						'u7,',
						isoHour(3),
						',a',
						[0xc0, 0xaf],
						'\nu8,',
						isoHour(4),
						',b',
						[0xed, 0xa0, 0x80],
						'\n'
					)
				}
			],
			expect: { loads: { rows: 5, rejected: 0, users: 5, encoding: 'windows-1252' } },
			why: 'a line that is not UTF-8 is read as Windows-1252, never dropped'
		},
		{
			name: 'UTF-32LE with a byte order mark',
			kind: 'encoding',
			files: [
				{
					name: 'utf32.csv',
					bytes: Uint8Array.from(
						Array.from('\ufeff' + csv(H, good(3)), (c) => [
							c.charCodeAt(0) & 0xff,
							c.charCodeAt(0) >> 8,
							0,
							0
						]).flat()
					)
				}
			],
			expect: { fails: /binary|encoding|UTF-32|not a CSV/i, names: 'utf32.csv' },
			page: true,
			why: 'read as UTF-16 it would be text with a NUL between every character: refused, never misread'
		},
		{
			name: 'Shift-JIS Japanese',
			kind: 'encoding',
			// 東京 and 大阪 in Shift-JIS.
			files: [
				{
					name: 'sjis.csv',
					bytes: bytes(
						`${H}\n`,
						[0x93, 0x8c, 0x8b, 0x9e],
						`,${isoHour(0)},view\n`,
						[0x91, 0xe5, 0x8d, 0xe3],
						`,${isoHour(1)},view\n`
					)
				}
			],
			expect: { loads: { rows: 2, users: 2, encoding: 'windows-1252' } },
			why: 'not an encoding Footfall reads: the report says Windows-1252, so the reading is not silent'
		}
	];
}

function binaries(): HostileInput[] {
	const fail = (name: string, data: Uint8Array, re = /binary|not a CSV/i): HostileInput => ({
		name: `${name} named as text`,
		kind: 'binary-as-text',
		files: [{ name, bytes: data }],
		expect: { fails: re, names: name }
	});
	return [
		{
			...fail('photo.csv', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], noise(6000))),
			page: true
		},
		fail('noise.csv', noise(20_000, 3)),
		fail('program.tsv', bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], noise(3000, 5))),
		fail('image.jsonl', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46], noise(3000, 9))),
		fail('module.csv', bytes([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0], noise(500, 11))),
		fail('database.csv', bytes('SQLite format 3\u0000', noise(4000, 13))),
		{ ...fail('sheet.csv', bytes([0x50, 0x4b, 3, 4], noise(2000, 17)), /ZIP archive|xlsx/i), page: true },
		fail('old-excel.csv', bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], noise(2000, 19)), /Excel/i),
		fail('packed.csv.gz', bytes([0x28, 0xb5, 0x2f, 0xfd], noise(1000, 23)), /zstd/i),
		fail(
			'document.json',
			bytes(
				'%PDF-1.4\n%\u00e2\u00e3\n1 0 obj\n<< /Length 900 /Filter /FlateDecode >>\nstream\n',
				noise(900, 29),
				'\nendstream\n'
			),
			/binary|not a CSV|no readable rows|user/i
		)
	];
}

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

export const byteKinds = (): HostileInput[] => [...encodings(), ...binaries(), ...gzips(), ...sizeLimit()];
