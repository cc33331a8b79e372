import { describe, expect, test } from 'vitest';
import { MAX_URL_SPEC, readUrlAnalysis, writeUrlAnalysis } from '../../src/lib/analyses/url-state.ts';
import { findAnalysis } from '../../src/lib/analyses/registry.ts';

const params = (o: Record<string, string>) => new URLSearchParams(o);

describe('the analysis in the page address', () => {
	test('a spec written to the address reads back as the same parsed spec, segment by saved id', () => {
		const spec = {
			kind: 'trend',
			event: 'buy',
			where: [{ column: 'country', op: '=', value: 'UK' }],
			measure: 'users',
			period: 'month',
			breakdown: 'device',
			dateRange: { from: '2024-01-01', to: '2024-03-31' },
			segment: { rule: { users: ['u1', 'u2'] }, compare: true }
		};
		const search = writeUrlAnalysis('?demo=0', spec, 'seg-1');
		expect(search.startsWith('?')).toBe(true);
		const written = new URLSearchParams(search);
		expect(written.get('demo')).toBe('0');
		expect(written.get('segment')).toBe('seg-1');
		expect(written.get('compare')).toBe('1');
		// The segment's rule (a list of users) is not in the address: only its id.
		expect(written.get('spec')).not.toContain('u1');
		const read = readUrlAnalysis(written, 'trend');
		expect(read.spec).toEqual(findAnalysis('trend')!.parse({ ...spec, segment: null }));
		expect(read.segmentId).toBe('seg-1');
		expect(read.compare).toBe(true);
	});

	test('a scope without a saved segment leaves no segment in the address', () => {
		const written = new URLSearchParams(
			writeUrlAnalysis('?segment=old&compare=1', { kind: 'trend', segment: null }, null)
		);
		expect(written.has('segment')).toBe(false);
		expect(written.has('compare')).toBe(false);
	});

	test('an address is untrusted: bad JSON, another kind, wrong types, a huge spec and odd ids are ignored', () => {
		const none = { spec: null, segmentId: null, compare: false };
		expect(readUrlAnalysis(params({ spec: '{"kind":"trend",' }), 'trend')).toEqual(none);
		expect(readUrlAnalysis(params({ spec: '{"kind":"retention"}' }), 'trend')).toEqual(none);
		expect(readUrlAnalysis(params({ spec: '{"kind":"trend","period":"fortnight"}' }), 'trend')).toEqual(none);
		expect(readUrlAnalysis(params({ spec: '{"kind":"trend","measure":{"$gt":1}}' }), 'trend')).toEqual(none);
		expect(readUrlAnalysis(params({ spec: 'null' }), 'trend')).toEqual(none);
		expect(readUrlAnalysis(params({ spec: '{"kind":"nope"}' }), 'nope')).toEqual(none);
		const huge = JSON.stringify({ kind: 'trend', breakdown: 'x'.repeat(MAX_URL_SPEC) });
		expect(readUrlAnalysis(params({ spec: huge }), 'trend')).toEqual(none);
		expect(readUrlAnalysis(params({ segment: '"><script>' }), 'trend').segmentId).toBeNull();
		expect(readUrlAnalysis(params({ segment: 'a'.repeat(65) }), 'trend').segmentId).toBeNull();
	});

	test('SQL in a column name stays a column name: parse keeps it as text for ident()', () => {
		const evil = "x'); DROP TABLE events; --";
		const read = readUrlAnalysis(
			params({ spec: JSON.stringify({ kind: 'trend', breakdown: evil }) }),
			'trend'
		);
		expect((read.spec as { breakdown: string }).breakdown).toBe(evil);
	});
});
