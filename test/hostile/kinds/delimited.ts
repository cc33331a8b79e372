// Malformed and ragged delimited text.
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
			expect: { loads: { rows: 20, rejected: 1, users: 5, lines: [22] } }
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
			expect: { loads: { rows: 10, rejected: 1, users: 5, dataRows: [6] } },
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
			expect: { loads: { rows: 9, rejected: 2, users: 5, lines: [6, 7] } },
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
			expect: { loads: { rows: 25, rejected: 5, users: 5, lines: [4, 10, 16, 22, 28] } },
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
			expect: { loads: { rows: 27, rejected: 3, users: 5, lines: [6, 16, 26] } }
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
			expect: { loads: { rows: 20, rejected: 1, users: 5, dataRows: [11] } },
			why: 'the line is set aside with its row named; its reason is its empty time, not its 100,001 fields'
		}
	];
}

export const delimited = (): HostileInput[] => [
	...malformed(),
	...ragged(),
	{
		name: 'a plain good file (the control)',
		kind: 'malformed-csv',
		files: [plain('control.csv')],
		expect: { loads: { rows: 6, rejected: 0, users: 5, events: 3 } }
	}
];
