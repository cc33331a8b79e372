/**
 * What a page that draws the dataset says while it has none (issue 13). The fault pinned here: after a
 * reload the dashboard said "Load a dataset to see the dashboard." while the workspace was still opening and
 * its kept data about to be restored, as if the data were gone.
 */
import { describe, expect, test } from 'vitest';
import { noDataMessage, waitingForDataMessage } from '../../src/lib/messages.ts';

describe('a page without data', () => {
	test('opening, loading, or nothing kept: only the last asks for a dataset', () => {
		const opening = noDataMessage({ opening: true, loading: null }, 'the dashboard');
		const loading = noDataMessage({ opening: true, loading: 'shop.csv' }, 'the dashboard');
		const none = noDataMessage({ opening: false, loading: null }, 'the dashboard');
		expect(opening).toBe('Opening your workspace…');
		// A load under way is named, whether or not the workspace has finished opening.
		expect(loading).toBe('Loading shop.csv…');
		expect(noDataMessage({ opening: false, loading: 'shop.csv' }, 'trends')).toBe('Loading shop.csv…');
		expect(none).toBe('Load a dataset to see the dashboard.');
		for (const m of [opening, loading]) expect(m).not.toMatch(/Load a dataset/);
	});

	test('a result waiting for its data names the dataset', () => {
		expect(waitingForDataMessage('shop.csv')).toBe('Waiting for the data of shop.csv to load…');
	});
});
