// URLs and paths in values, ids, names and JSON keys.
import { csv, eventLines, type HostileInput, isoHour, quoted, utf8 } from '../make.ts';

const H = 'user,time,event';
const good = (n: number, from = 0) => eventLines(n, { from });
/** `n` good rows with `extra` appended to each as more fields. */
const withExtra = (n: number, extra: (i: number) => string) => good(n).map((l, i) => `${l},${extra(i)}`);

const URLS = [
	'https://example.com/events.csv',
	'http://169.254.169.254/latest/meta-data/',
	's3://bucket/key.parquet',
	'file:///etc/passwd',
	'data:text/csv;base64,dXNlcix0aW1lCg==',
	'\\\\server\\share\\x.csv',
	'javascript:alert(1)',
	'/inputs/__g1_file0'
];

export function urls(): HostileInput[] {
	return [
		{
			name: 'URLs and paths as values',
			kind: 'urls',
			files: [
				{
					name: 'url-values.csv',
					bytes: utf8(
						csv(
							`${H},page`,
							withExtra(8, (i) => quoted(URLS[i]))
						)
					)
				}
			],
			expect: { loads: { rows: 8, users: 5 } },
			page: true
		},
		{
			name: 'URLs as user ids and event names',
			kind: 'urls',
			files: [
				{
					name: 'url-ids.csv',
					bytes: utf8(
						csv(
							H,
							URLS.map((u, i) => `${quoted(u)},${isoHour(i)},${quoted(URLS[7 - i])}`)
						)
					)
				}
			],
			expect: { loads: { rows: 8, users: 8, events: 8 } }
		},
		{
			name: 'URLs as column names',
			kind: 'urls',
			files: [
				{
					name: 'url-names.csv',
					bytes: utf8(
						csv(
							[H, ...URLS.slice(0, 4).map(quoted)].join(','),
							withExtra(3, (i) => `${i},${i},${i},${i}`)
						)
					)
				}
			],
			expect: { loads: { rows: 3, users: 3, columns: URLS.slice(0, 4) } }
		},
		{
			name: 'URLs in JSON, with $ref and @context keys',
			kind: 'urls',
			files: [
				{
					name: 'url.jsonl',
					bytes: utf8(
						URLS.slice(0, 5)
							.map((u, i) =>
								JSON.stringify({
									user: `u${i}`,
									time: isoHour(i),
									event: 'view',
									$ref: u,
									'@context': u,
									url: { href: u }
								})
							)
							.join('\n') + '\n'
					)
				}
			],
			expect: { loads: { rows: 5, users: 5, columns: ['$ref', '@context', 'url.href'] } }
		}
	];
}
