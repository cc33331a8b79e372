/**
 * Two small hand-counted event files for browser tests that load, keep and switch datasets (workspace,
 * two-tabs). `smallFileA(name)` / `smallFileB(name)` give Playwright's `setInputFiles` payload under the
 * caller's file name; `STATS_A` / `STATS_B` are their report figures, counted by hand.
 */
type Payload = { name: string; mimeType: string; buffer: Buffer };

const csv = (name: string, lines: string[]): Payload => ({
	name,
	mimeType: 'text/csv',
	buffer: Buffer.from(lines.join('\n') + '\n')
});

/** 6 rows, 3 users (ann, bob, cat), 2 event names, all in May 2022. */
export const smallFileA = (name: string) =>
	csv(name, [
		'user,time,event',
		'ann,2022-05-01T09:00:00Z,view',
		'ann,2022-05-02T09:00:00Z,buy',
		'bob,2022-05-01T10:00:00Z,view',
		'bob,2022-05-03T10:00:00Z,view',
		'cat,2022-05-02T11:00:00Z,view',
		'cat,2022-05-04T11:00:00Z,buy'
	]);
export const STATS_A = { rows: 6, users: 3, events: 2 };

/** 4 rows, 2 users (dan, eve), 3 event names. */
export const smallFileB = (name: string) =>
	csv(name, [
		'user,time,event',
		'dan,2023-01-01T09:00:00Z,open',
		'dan,2023-01-02T09:00:00Z,read',
		'eve,2023-01-01T10:00:00Z,open',
		'eve,2023-01-05T10:00:00Z,share'
	]);
export const STATS_B = { rows: 4, users: 2, events: 3 };
