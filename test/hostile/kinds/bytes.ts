// Odd encodings and binary named as text.
import { bytes, csv, eventLines, type HostileInput, isoHour, noise, utf16 } from '../make.ts';

const H = 'user,time,event';
const good = (n: number, from = 0) => eventLines(n, { from });

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

export const byteKinds = (): HostileInput[] => [...encodings(), ...binaries()];
