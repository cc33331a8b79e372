// A gzipped JSON Lines export dropped in the browser: its integer user ids past 2^53 stay distinct (JSON.parse
// would round 9007199254740993 to 9007199254740992 and merge two users), its bad line is rejected.
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { appsUnderTest, reportStats } from './harness.ts';

const apps = appsUnderTest();

describe('JSON Lines in the browser', () => {
	test('big integer ids stay distinct users; a bad line is rejected, the rest loads', async () => {
		const ids = ['9007199254740993', '9007199254740992', '9007199254740995', '9007199254740996'];
		// What JSON.parse would make of them: two users, not four.
		expect(new Set(ids.map((id) => JSON.parse(id) as number)).size).toBe(2);
		const lines: string[] = [];
		for (let day = 1; day <= 5; day++) {
			for (const [i, id] of ids.entries()) {
				const time = `2025-01-0${day}T1${i}:00:00Z`;
				lines.push(
					`{"userId":${id},"event":"Viewed 🚀 ${i}","timestamp":"${time}","messageId":"m${day}-${i}"}`
				);
			}
		}
		lines.splice(7, 0, '{"userId":1,"event":"cut off');
		const file = path.join(os.tmpdir(), 'big-ids.jsonl.gz');
		writeFileSync(file, gzipSync(lines.join('\n') + '\n'));
		const app = await apps.open('?demo=0');
		await app.page.getByTestId('file-input').setInputFiles(file);
		const stats = await reportStats(app.page);
		expect(stats).toMatchObject({ rows: 20, users: 4, rejected: 1 });
	});
});
