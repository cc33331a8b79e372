/**
 * `textListSql` (a saved list of user ids as SQL): every value comes back exactly, whatever it holds, and
 * a rule's list of 8,000 ids keeps its users the way the plain IN list did.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeDuck } from '../engine/node-duck.ts';
import type { Database } from '../engine/duck.ts';
import { textListSql } from './quote.ts';

let duck: Database;
beforeAll(async () => {
	duck = await createNodeDuck();
});

const back = async (values: string[]) =>
	(await duck.rows<{ v: string }>(`SELECT unnest(${textListSql(values)}) AS v`)).map((r) => r.v);

describe('a list of texts as SQL', () => {
	it('returns quotes, commas, blanks, unicode and one-character values exactly, in order', async () => {
		const values = [`O'Brien`, 'a,b', ' spaced ', '"q"', 'ünï ✓', 'x', '17850.0', '\\N', '%_'];
		expect(await back(values)).toEqual(values);
	});

	it('picks a separator that no value contains', async () => {
		const values = ['a\u0001b', 'c\u0002d', 'e'];
		expect(textListSql(values)).toContain('chr(3)');
		expect(await back(values)).toEqual(values);
	});

	it('writes literals when every control character occurs in some value', async () => {
		const values = Array.from({ length: 31 }, (_, i) => `v${String.fromCharCode(i + 1)}w`);
		expect(textListSql(values)).not.toContain('string_split');
		expect(await back(values)).toEqual(values);
	});

	it('keeps 8,000 ids, one text literal', async () => {
		const values = Array.from({ length: 8000 }, (_, i) => `user-${i}`);
		expect(await back(values)).toEqual(values);
		expect(textListSql(values).match(/'/g)).toHaveLength(2);
	});
});
