/** The paths spec's checks: defaults, limits said in the user's terms, cleaning rules the engine can run. */
import { describe, expect, it } from 'vitest';
import { parsePaths, PATHS_MAX_DEPTH } from './spec.ts';
import { compilePaths, wildcardRegex } from './compile.ts';
import { wildcardMatch } from '../../../../test/unit/support/paths-reference.ts';

const ctx = { timezone: 'UTC', lastEventMs: null, columns: ['url'] };

describe('parsePaths', () => {
	it('fills defaults, and parsing twice changes nothing', () => {
		const p = parsePaths({ kind: 'paths', exclude: ['b', 'a', 'b'] });
		expect(p).toMatchObject({ startEvent: null, endEvent: null, depth: 5, topN: 5, exclude: ['a', 'b'] });
		expect(parsePaths(p)).toEqual(p);
	});

	it('says the longest path when a deeper one is asked for', () => {
		expect(() => parsePaths({ kind: 'paths', depth: 50 })).toThrow(
			`analysis.depth is at most ${PATHS_MAX_DEPTH} steps, got 50`
		);
		expect(() => parsePaths({ kind: 'paths', depth: 1 })).toThrow(
			/analysis.depth must be a whole number from 2/
		);
	});

	it('takes a start event or an end event, not both', () => {
		expect(() => parsePaths({ kind: 'paths', startEvent: 'a', endEvent: 'b' })).toThrow(/not both/);
	});

	it('rejects regexes the engine would read differently or that match nothing at all', () => {
		const rule = (regex: string) => () => parsePaths({ kind: 'paths', cleaning: [{ regex, alias: 'x' }] });
		expect(rule('(')).toThrow(/analysis.cleaning\[0\].regex is not a regular expression/);
		expect(rule('a(?=b)')).toThrow(/lookaround or a back-reference/);
		expect(rule('(a)\\1')).toThrow(/lookaround or a back-reference/);
		expect(rule('x*')).toThrow(/matches empty text/);
		expect(() => parsePaths({ kind: 'paths', cleaning: [{ wildcard: '/product/' }] })).toThrow(
			/must contain a \*/
		);
		expect(() => parsePaths({ kind: 'paths', cleaning: [{ glob: '/p/*' }] })).toThrow(
			/"wildcard" or "regex"/
		);
	});

	it('keeps a node of the users list on the side the path runs', () => {
		expect(() => parsePaths({ kind: 'paths', nodeUsers: { step: -1, name: 'a' } })).toThrow(/0 or more/);
		expect(() => parsePaths({ kind: 'paths', endEvent: 'b', nodeUsers: { step: 1, name: 'a' } })).toThrow(
			/0 or less/
		);
	});
});

describe('user text in the SQL', () => {
	it('reaches it only as quoted literals', () => {
		const evil = "x'); DROP TABLE events; --";
		const sql = compilePaths(
			parsePaths({
				kind: 'paths',
				startEvent: evil,
				exclude: [evil],
				cleaning: [{ regex: "x'\\); DROP TABLE events; --", alias: evil }, { wildcard: `${evil}*` }]
			}),
			ctx
		);
		expect(sql).not.toContain(evil);
		expect(sql).toContain(evil.replaceAll("'", "''"));
	});

	it('a wildcard regex matches exactly what the hand-written matcher matches', () => {
		for (const pattern of ['/product/*', '*.html', 'a*b*c', '(x)*[y]', '*'])
			for (const v of [
				'/product/1',
				'/product/',
				'/products/1',
				'index.html',
				'abc',
				'aXbYc',
				'acb',
				'(x)zz[y]',
				''
			])
				expect(new RegExp(wildcardRegex(pattern).replaceAll('(?s:.*)', '[^]*')).test(v)).toBe(
					wildcardMatch(pattern, v)
				);
	});
});
