// Malformed and ragged delimited text, NUL bytes, huge fields and thousands of columns.
import { csv, eventLines, type HostileInput, isoHour, plain, quoted, utf8 } from '../make.ts';

const H = 'user,time,event';
const good = (n: number, from = 0) => eventLines(n, { from });

function malformed(): HostileInput[] {
	return [
		{
			name: 'unclosed quote on the last line',
			kind: 'malformed-csv',
			files: [
				{
					name: 'unclosed-last.csv',
					bytes: utf8(csv(H, [...good(20), 'u1,2025-03-01T00:00:00Z,"never closed']))
				}
			],
			expect: { loads: { rows: 20, rejected: 1, users: 5 } }
		},
		{
			name: 'header only',
			kind: 'malformed-csv',
			files: [{ name: 'header-only.csv', bytes: utf8('user,time,event\n') }],
			expect: { fails: /no readable rows|no rows/i, names: 'header-only.csv' },
			page: true
		},
		{
			name: 'blank lines between the rows',
			kind: 'malformed-csv',
			files: [{ name: 'blank-lines.csv', bytes: utf8(`${H}\n\n${good(4).join('\n\n\n')}\n\n`) }],
			expect: { loads: { rows: 4, rejected: 0, users: 4 } }
		},
		{
			name: 'old Mac line ends (CR alone)',
			kind: 'malformed-csv',
			files: [{ name: 'cr-only.csv', bytes: utf8(csv(H, good(12), '\r')) }],
			expect: { loads: { rows: 12, rejected: 0, users: 5 } }
		},
		{
			name: 'a delimiter at the end of every line',
			kind: 'malformed-csv',
			files: [
				{
					name: 'trailing-comma.csv',
					bytes: utf8(
						csv(
							`${H},`,
							good(7).map((l) => l + ',')
						)
					)
				}
			],
			expect: { loads: { rows: 7, rejected: 0, users: 5 } }
		},
		{
			name: 'quoted values across lines',
			kind: 'malformed-csv',
			files: [
				{
					name: 'multiline-values.csv',
					bytes: utf8(
						csv(
							H,
							good(6).map((l, i) => (i % 2 ? l.replace(/e\d$/, quoted(`line one\nline two ${i}`)) : l))
						)
					)
				}
			],
			expect: { loads: { rows: 6, rejected: 0, users: 5, events: 6 } },
			why: 'rows 1, 3, 5 have three different two-line names; rows 0, 2, 4 keep e0, e2, e1'
		},
		{
			name: "Excel's sep= line before the header",
			kind: 'malformed-csv',
			files: [
				{ name: 'sep-line.csv', bytes: utf8(`sep=;\n${csv('user;time;event', eventLines(5, { sep: ';' }))}`) }
			],
			expect: { loads: { rows: 5, users: 5 } }
		},
		{
			name: 'only delimiters',
			kind: 'malformed-csv',
			files: [{ name: 'only-commas.csv', bytes: utf8(',,\n,,\n,,\n,,\n') }],
			expect: { loads: { rows: 4, rejected: 0, users: 0 } },
			why: 'four rows of empty fields, read as such: the report shows no user id in any of them'
		},
		{
			name: 'only blanks',
			kind: 'malformed-csv',
			files: [{ name: 'blanks.csv', bytes: utf8('   \n\t\t\n  \n') }],
			expect: { fails: /empty|no readable rows/i, names: 'blanks.csv' }
		},
		{
			name: 'the header again in the middle (two exports pasted together)',
			kind: 'malformed-csv',
			files: [{ name: 'two-headers.csv', bytes: utf8(csv(H, [...good(5), H, ...good(5, 5)])) }],
			expect: { loads: { rows: 10, rejected: 1, users: 5 } },
			why: 'the second header is a row whose time "time" is no time: rejected, with its reason'
		},
		{
			name: 'a carriage return alone inside an unquoted value',
			kind: 'malformed-csv',
			files: [
				{
					name: 'stray-cr.csv',
					bytes: utf8(
						csv(
							`${H},n`,
							good(10).map((l, i) => (i === 4 ? l.replace(/e\d$/, 'ok\rforged') : l) + `,${i}`)
						)
					)
				}
			],
			expect: { loads: { rows: 9, rejected: 2, users: 5 } },
			page: true,
			why: 'a CR alone ends a line (old Mac files, and DuckDB): the line it splits costs its two halves'
		},
		{
			name: 'Unicode line and paragraph separators inside values',
			kind: 'malformed-csv',
			files: [
				{
					name: 'unicode-separators.csv',
					bytes: utf8(
						csv(H, [`u1,${isoHour(0)},a\u2028b`, `u2,${isoHour(1)},c\u2029d`, `u3,${isoHour(2)},e\u0085f`])
					)
				}
			],
			expect: { loads: { rows: 3, rejected: 0, users: 3, events: 3 } }
		}
	];
}

function ragged(): HostileInput[] {
	const mixed = Array.from({ length: 42 }, (_, i) => {
		const [u, t, e] = good(1, i)[0].split(',');
		const fields = [u, t, e, 'x', 'y', 'z', 'w'].slice(0, (i % 7) + 1);
		return fields.join(',');
	});
	return [
		{
			name: 'some lines with extra fields',
			kind: 'ragged-csv',
			files: [
				{
					name: 'extra-fields.csv',
					bytes: utf8(
						csv(
							H,
							good(30).map((l, i) => (i % 6 === 2 ? `${l},x,y` : l))
						)
					)
				}
			],
			expect: { loads: { rows: 25, rejected: 5, users: 5 } },
			page: true
		},
		{
			name: 'some lines with missing fields',
			kind: 'ragged-csv',
			files: [
				{
					name: 'missing-fields.csv',
					bytes: utf8(
						csv(
							H,
							good(30).map((l, i) => (i % 10 === 4 ? l.split(',')[0] : l))
						)
					)
				}
			],
			expect: { loads: { rows: 27, rejected: 3, users: 5 } }
		},
		{
			name: 'every line of a different length',
			kind: 'ragged-csv',
			files: [{ name: 'every-length.csv', bytes: utf8(csv(H, mixed)) }],
			expect: { loads: { rows: 6, rejected: 36, users: 5 } },
			why: 'lines 2, 9, 16, 23, 30, 37 (i % 7 == 2) have exactly three fields'
		},
		{
			name: 'one line of 100,000 fields',
			kind: 'ragged-csv',
			files: [
				{
					name: 'one-wide-line.csv',
					bytes: utf8(csv(H, [...good(10), 'u9,' + ','.repeat(100_000), ...good(10, 10)]))
				}
			],
			expect: { loads: { rows: 20, rejected: 1, users: 5 } }
		}
	];
}

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
			expect: { loads: { rows: 59, rejected: 1, users: 5 } },
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

export const delimited = (): HostileInput[] => [
	...malformed(),
	...ragged(),
	...nulBytes(),
	...hugeFields(),
	...manyColumns(),
	{
		name: 'a plain good file (the control)',
		kind: 'malformed-csv',
		files: [plain('control.csv')],
		expect: { loads: { rows: 6, rejected: 0, users: 5, events: 3 } }
	}
];
