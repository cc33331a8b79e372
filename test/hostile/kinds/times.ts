// Extreme and mixed times.
import { csv, type HostileInput, isoHour, utf8 } from '../make.ts';

const H = 'user,time,event';
/** Rows `u<i>,<time>,e` for each time given. */
const timed = (times: string[]) =>
	utf8(
		csv(
			H,
			times.map((t, i) => `u${i % 4},${t},e`)
		)
	);

function times(): HostileInput[] {
	const T = 'times' as const;
	const epochS = [1735689600, 1735693200, 1735696800, 1735700400]; // 2025-01-01T00:00Z, then hourly
	/** 30 hourly times from 2025-01-01T00:00Z: the column's evidence, beside which a stray value is one row. */
	const hours = (n = 30) => Array.from({ length: n }, (_, i) => isoHour(i));
	const seconds = (n = 30) => Array.from({ length: n }, (_, i) => String(1735689600 + 3600 * i));
	return [
		{
			name: 'years 0001 and 9999',
			kind: T,
			files: [
				{
					name: 'extreme-years.csv',
					bytes: timed(['0001-01-01T00:00:00Z', isoHour(0), isoHour(1), '9999-12-31T23:59:59Z'])
				}
			],
			expect: {
				loads: {
					rows: 4,
					rejected: 0,
					firstTime: '0001-01-01T00:00:00.000Z',
					lastTime: '9999-12-31T23:59:59.000Z'
				}
			},

			why: 'both are valid ISO 8601 instants: read as written'
		},
		{
			name: 'an epoch time of 1e300',
			kind: T,
			files: [
				{
					name: 'epoch-1e300.csv',
					bytes: timed([...seconds().slice(0, 15), '1e300', ...seconds().slice(15)])
				}
			],
			expect: {
				loads: { rows: 30, rejected: 1, firstTime: isoHour(0), lastTime: isoHour(29), dataRows: [16] }
			},
			page: true
		},
		{
			name: 'epoch seconds and milliseconds in one column',
			kind: T,
			files: [
				{
					name: 'mixed-units.csv',
					bytes: timed([
						String(epochS[0]),
						String(epochS[1] * 1000),
						String(epochS[2]),
						String(epochS[3] * 1000)
					])
				}
			],
			expect: {
				loads: {
					rows: 4,
					rejected: 0,
					firstTime: '2025-01-01T00:00:00.000Z',
					lastTime: '2025-01-01T03:00:00.000Z'
				}
			},

			why: 'each value by its own evidence: none lands in 1970'
		},
		{
			name: 'ISO times and epoch milliseconds in one column',
			kind: T,
			files: [
				{
					name: 'iso-and-epoch.csv',
					bytes: timed([...hours(), String(epochS[1] * 1000), String(epochS[3] * 1000)])
				}
			],
			expect: { loads: { rows: 32, rejected: 0, firstTime: isoHour(0), lastTime: isoHour(29) } },
			why: 'each value by its own evidence: the two epoch values are hours 1 and 3, within the range'
		},
		{
			name: 'a leap second',
			kind: T,
			files: [
				{
					name: 'leap-second.csv',
					bytes: timed(['2016-12-31T23:59:59Z', '2016-12-31T23:59:60Z', '2017-01-01T00:00:00Z'])
				}
			],
			expect: {
				loads: {
					rows: 2,
					rejected: 1,
					dataRows: [2],
					firstTime: '2016-12-31T23:59:59.000Z',
					lastTime: '2017-01-01T00:00:00.000Z'
				}
			},
			why: 'a time with second 60 fits no reading of a POSIX clock: it costs its row, with the reason'
		},
		{
			name: 'impossible dates and hours',
			kind: T,
			files: [
				{
					name: 'impossible.csv',
					bytes: timed([
						isoHour(0),
						'2025-02-30T10:00:00Z',
						'2025-13-01T10:00:00Z',
						'2025-01-01T25:00:00Z',
						isoHour(1)
					])
				}
			],
			expect: {
				loads: { rows: 2, rejected: 3, firstTime: isoHour(0), lastTime: isoHour(1), dataRows: [2, 3, 4] }
			},
			page: true
		},
		{
			name: 'offsets of +14:00 and -12:00',
			kind: T,
			files: [
				{
					name: 'offsets.csv',
					bytes: timed([
						'2025-01-01T00:00:00+14:00',
						'2025-01-01T00:00:00-12:00',
						'2025-01-01T00:00:00+05:45'
					])
				}
			],
			expect: {
				loads: {
					rows: 3,
					rejected: 0,
					firstTime: '2024-12-31T10:00:00.000Z',
					lastTime: '2025-01-01T12:00:00.000Z'
				}
			}
		},
		{
			name: 'epoch seconds before 1970',
			kind: T,
			files: [{ name: 'before-1970.csv', bytes: timed(['-86400', '-1', '86400', '1000000000']) }],
			args: ['--map', 'user=user,time=time,event=event'],
			expect: {
				loads: {
					rows: 4,
					rejected: 0,
					firstTime: '1969-12-31T00:00:00.000Z',
					lastTime: '2001-09-09T01:46:40.000Z'
				}
			}
		},
		{
			name: 'epoch nanoseconds',
			kind: T,
			files: [{ name: 'epoch-ns.csv', bytes: timed(epochS.map((s) => `${s}000000000`)) }],
			expect: {
				loads: {
					rows: 4,
					rejected: 0,
					firstTime: '2025-01-01T00:00:00.000Z',
					lastTime: '2025-01-01T03:00:00.000Z'
				}
			}
		},
		{
			name: 'no readable time at all',
			kind: T,
			files: [{ name: 'no-times.csv', bytes: timed(['soon', 'yesterday', 'NaN', 'Infinity', '-']) }],
			args: ['--map', 'user=user,time=time,event=event'],
			expect: { fails: /could be read as a time/i, names: 'no-times.csv' },
			why: 'mapped as the time by the user, a column of words is refused with the first value and why'
		},
		{
			name: 'a column called time that holds words',
			kind: T,
			files: [{ name: 'words-time.csv', bytes: timed(['soon', 'yesterday', 'later', 'never', 'now']) }],
			expect: { loads: { rows: 5, rejected: 0, users: 4, mapping: { time: null } } },
			page: true,
			why: 'its values are not times: the report says there is no time column instead of rejecting every row'
		},
		{
			name: 'words where times should be, among good times',
			kind: T,
			files: [
				{
					name: 'some-words.csv',
					bytes: timed([
						...hours().slice(0, 10),
						'NaN',
						...hours().slice(10, 20),
						'Infinity',
						'-',
						...hours().slice(20)
					])
				}
			],
			expect: {
				loads: { rows: 30, rejected: 3, firstTime: isoHour(0), lastTime: isoHour(29), dataRows: [11, 22, 23] }
			},
			why: 'a row without a time cannot be placed: each costs its row, with the reason'
		},
		{
			name: 'nanosecond fractions and a 12-hour clock',
			kind: T,
			files: [
				{
					name: 'fractions.csv',
					bytes: timed(['2025-01-01T00:00:00.123456789Z', '2025-01-01T00:00:01.999999999Z'])
				}
			],
			expect: {
				loads: {
					rows: 2,
					rejected: 0,
					firstTime: '2025-01-01T00:00:00.123Z',
					lastTime: '2025-01-01T00:00:01.999Z'
				}
			}
		}
	];
}

export const timeAndFiles = (): HostileInput[] => times();
