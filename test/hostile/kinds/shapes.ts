// NUL bytes, huge fields and thousands of columns.
import { csv, eventLines, type HostileInput, isoHour, utf8 } from '../make.ts';

const H = 'user,time,event';
const good = (n: number, from = 0) => eventLines(n, { from });

function nulBytes(): HostileInput[] {
	// Past the first 8 KB, which the preview reads to tell text from binary.
	const late = good(400).map((l, i) => (i === 300 ? l.replace(/e\d$/, 'bad\u0000value') : l));
	return [
		{
			name: 'a NUL byte in the header',
			kind: 'nul-bytes',
			files: [{ name: 'nul-header.csv', bytes: utf8(csv('user,ti\u0000me,event', good(5))) }],
			expect: { fails: /binary/i, names: 'nul-header.csv' },
			page: true
		},
		{
			name: 'a NUL byte in a value far into the file',
			kind: 'nul-bytes',
			files: [{ name: 'nul-late.csv', bytes: utf8(csv(H, late)) }],
			expect: { loads: { rows: 400, users: 5 } },
			why: 'past the preview the value is kept or its line rejected, never the file'
		},
		{
			name: 'nothing but NUL bytes',
			kind: 'nul-bytes',
			files: [{ name: 'zeros.csv', bytes: new Uint8Array(4096) }],
			expect: { fails: /binary/i, names: 'zeros.csv' }
		},
		{
			name: 'an escaped NUL inside a JSON string',
			kind: 'nul-bytes',
			files: [
				{
					name: 'escaped-nul.jsonl',
					bytes: utf8(
						good(4)
							.map((l, i) => {
								const [user, time, event] = l.split(',');
								return JSON.stringify({ user, time, event: i === 1 ? `a\u0000b` : event });
							})
							.join('\n') + '\n'
					)
				}
			],
			expect: { loads: { rows: 4, users: 4, events: 3 } },
			why: 'e0, the name with the NUL, e2 and e0 again'
		}
	];
}

function hugeFields(): HostileInput[] {
	const body = good(60);
	const withField = (size: number) =>
		body.map((l, i) => (i === 30 ? `u1,${isoHour(30)},${'x'.repeat(size)}` : l));
	return [
		{
			name: 'a 2.5 MB field in the middle',
			kind: 'huge-field',
			files: [{ name: 'big-field.csv', bytes: utf8(csv(H, withField(2_500_000))) }],
			expect: { loads: { rows: 59, rejected: 1, users: 5, lines: [32] } },
			page: true,
			why: 'a line may have 2 MB (README): the longer one costs itself'
		},
		{
			name: 'a 1.9 MB field, just under the line limit',
			kind: 'huge-field',
			files: [{ name: 'nearly-too-big.csv', bytes: utf8(csv(H, withField(1_900_000))) }],
			expect: { loads: { rows: 60, rejected: 0, users: 5, events: 4 } }
		},
		{
			name: 'a column name of 300,000 characters',
			kind: 'huge-field',
			files: [
				{
					name: 'long-name.csv',
					bytes: utf8(
						csv(
							`${H},${'n'.repeat(300_000)}`,
							good(5).map((l) => l + ',1')
						)
					)
				}
			],
			expect: { loads: { rows: 5, users: 5 } }
		},
		{
			name: 'a 5 MB string in a JSON record',
			kind: 'huge-field',
			files: [
				{
					name: 'big-string.jsonl',
					bytes: utf8(
						[
							JSON.stringify({ user: 'u1', time: isoHour(0), event: 'a', note: 'y'.repeat(5_000_000) }),
							JSON.stringify({ user: 'u2', time: isoHour(1), event: 'b', note: 'short' })
						].join('\n') + '\n'
					)
				}
			],
			expect: { loads: { rows: 2, users: 2 } }
		}
	];
}

function manyColumns(): HostileInput[] {
	const wide = (n: number, rows: number) => {
		const names = Array.from({ length: n - 3 }, (_, i) => `c${i}`);
		const lines = good(rows).map((l, r) =>
			[l, ...names.map((_, i) => ((i + r) % 4 === 0 ? String(i) : ''))].join(',')
		);
		return utf8(csv([H, ...names].join(','), lines));
	};
	const keys = (r: number) =>
		Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`k${i}`, (i * r) % 7]));
	return [
		{
			name: '2,000 columns, mostly empty',
			kind: 'many-columns',
			files: [{ name: 'wide-2000.csv', bytes: wide(2000, 6) }],
			expect: { loads: { rows: 6, users: 5 } }
		},
		{
			name: 'JSON records with 1,500 keys',
			kind: 'many-columns',
			files: [
				{
					name: 'wide.jsonl',
					bytes: utf8(
						good(4)
							.map((l, r) => {
								const [user, time, event] = l.split(',');
								return JSON.stringify({ user, time, event, ...keys(r) });
							})
							.join('\n') + '\n'
					)
				}
			],
			expect: { loads: { rows: 4, users: 4 } }
		},
		{
			name: '1,000 columns all called user',
			kind: 'many-columns',
			files: [
				{
					name: 'user-x1000.csv',
					bytes: utf8(
						csv(
							['time', 'event', ...Array(1000).fill('user')].join(','),
							good(3).map((l) => {
								const [u, t, e] = l.split(',');
								return [t, e, ...Array(1000).fill(u)].join(',');
							})
						)
					)
				}
			],
			expect: { loads: { rows: 3, users: 3 } }
		}
	];
}

export const shapes = (): HostileInput[] => [...nulBytes(), ...hugeFields(), ...manyColumns()];
