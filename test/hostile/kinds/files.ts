// Hundreds of files at once.
import { csv, eventLines, type HostileFile, type HostileInput, noise, utf8 } from '../make.ts';

const H = 'user,time,event';

export function manyFiles(): HostileInput[] {
	const K = 'many-files' as const;
	const two = (i: number) => utf8(csv(H, eventLines(2, { from: 2 * i, users: 7 })));
	const files = (n: number, make: (i: number) => HostileFile) => Array.from({ length: n }, (_, i) => make(i));
	const drifting = (i: number): HostileFile => ({
		name: `day-${String(i).padStart(3, '0')}.csv`,
		bytes: utf8(
			i % 2
				? csv(
						`${H},extra_${i % 5}`,
						eventLines(2, { from: 2 * i, users: 7 }).map((l) => `${l},${i}`)
					)
				: csv(
						`event,time,user`,
						eventLines(2, { from: 2 * i, users: 7 }).map((l) => l.split(',').reverse().join(','))
					)
		)
	});
	return [
		{
			name: '200 small files',
			kind: K,
			files: files(200, (i) => ({ name: `part-${String(i).padStart(3, '0')}.csv`, bytes: two(i) })),
			expect: { loads: { rows: 400, rejected: 0, users: 7 } },
			page: true
		},
		{
			name: '150 files whose columns drift',
			kind: K,
			files: files(150, drifting),
			expect: { loads: { rows: 300, rejected: 0, users: 7, columns: ['extra_0', 'extra_4'] } }
		},
		{
			name: '120 files, one of them binary',
			kind: K,
			files: files(120, (i) =>
				i === 77
					? { name: 'part-077.csv', bytes: noise(5000, 43) }
					: { name: `part-${String(i).padStart(3, '0')}.csv`, bytes: two(i) }
			),
			expect: { fails: /binary|not a CSV/i, names: 'part-077.csv' },
			page: true
		},
		{
			name: '120 files of one name in as many folders',
			kind: K,
			files: files(120, (i) => ({ name: 'events.csv', dir: `day-${i}`, bytes: two(i) })),
			expect: { loads: { rows: 240, rejected: 0, users: 7 } }
		},
		{
			name: '60 CSV and 60 JSON Lines files together',
			kind: K,
			files: files(120, (i) =>
				i % 2
					? {
							name: `part-${i}.jsonl`,
							bytes: utf8(
								eventLines(2, { from: 2 * i, users: 7 })
									.map((l) => {
										const [user, time, event] = l.split(',');
										return JSON.stringify({ user, time, event });
									})
									.join('\n') + '\n'
							)
						}
					: { name: `part-${i}.csv`, bytes: two(i) }
			),
			expect: { loads: { rows: 240, rejected: 0, users: 7 } }
		}
	];
}
