import { describe, expect, test } from 'vitest';
import { isolated } from '../../src/lib/offline/isolation.ts';

describe('isolated (the service worker’s COOP/COEP, issue 14)', () => {
	test('adds both headers and keeps the status, the other headers and the body', async () => {
		const original = new Response('a,b\n1,2\n', {
			status: 203,
			statusText: 'Non-Authoritative',
			headers: { 'content-type': 'text/csv', 'cache-control': 'no-cache' }
		});
		const out = isolated(original);
		expect(out.headers.get('cross-origin-opener-policy')).toBe('same-origin');
		expect(out.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
		expect(out.headers.get('content-type')).toBe('text/csv');
		expect(out.headers.get('cache-control')).toBe('no-cache');
		expect([out.status, out.statusText]).toEqual([203, 'Non-Authoritative']);
		expect(await out.text()).toBe('a,b\n1,2\n');
	});

	test('replaces a weaker policy the host sent', () => {
		const out = isolated(
			new Response('x', {
				headers: {
					'Cross-Origin-Opener-Policy': 'unsafe-none',
					'Cross-Origin-Embedder-Policy': 'unsafe-none'
				}
			})
		);
		expect(out.headers.get('cross-origin-opener-policy')).toBe('same-origin');
		expect(out.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
	});

	test('a response with no body (304) stays without one; an error response is passed on as it is', () => {
		const notModified = isolated(new Response(null, { status: 304 }));
		expect([notModified.status, notModified.body]).toEqual([304, null]);
		expect(notModified.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
		const error = Response.error();
		expect(isolated(error)).toBe(error);
	});
});
