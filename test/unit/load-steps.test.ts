import { describe, expect, test } from 'vitest';
import { loadSteps, type LoadState } from '../../src/lib/components/ingest/load-steps.ts';

const bytes = (n: number) => `${n} B`;
const state = (s: Partial<LoadState>): LoadState => ({
	label: 'Demo web shop',
	engine: null,
	download: null,
	progress: null,
	...s
});

describe('progress of a load shows only measured numbers', () => {
	test('while the engine downloads, its bytes show and the read says it waits for the engine', () => {
		const steps = loadSteps(
			state({ engine: { phase: 'downloading', bytesLoaded: 250, bytesTotal: 1000 } }),
			bytes
		);
		expect(steps.map((s) => [s.key, s.state, s.share, s.detail])).toEqual([
			['engine', 'active', 0.25, '250 B of 1000 B downloaded'],
			['ingest', 'waiting', null, 'waits for the engine']
		]);
	});

	test('an engine download of unknown size has no fraction', () => {
		const [engine] = loadSteps(
			state({ engine: { phase: 'downloading', bytesLoaded: 7, bytesTotal: 0 } }),
			bytes
		);
		expect([engine.share, engine.detail]).toEqual([null, '7 B downloaded']);
	});

	test('regression (walk-through): before the first byte no "0 B downloaded", but the size to come or the wait', () => {
		const detail = (s: Partial<LoadState>) => loadSteps(state(s), bytes)[0].detail;
		expect(detail({ engine: { phase: 'downloading', bytesLoaded: 0, bytesTotal: 0 } })).toBe(
			'waiting for the first bytes'
		);
		expect(detail({ engine: { phase: 'downloading', bytesLoaded: 0, bytesTotal: 1000 } })).toBe(
			'1000 B to download'
		);
		expect(detail({ download: { bytes: 0, total: 500, done: false } })).toBe('500 B to download');
		expect(detail({ download: { bytes: 0, total: null, done: false } })).toBe('waiting for the first bytes');
	});

	test('a compressed transfer (no known total) shows bytes received and no fraction', () => {
		const steps = loadSteps(state({ download: { bytes: 4096, total: null, done: false } }), bytes);
		expect(steps.map((s) => [s.key, s.state, s.share, s.detail])).toEqual([
			['download', 'active', null, '4096 B downloaded'],
			['ingest', 'waiting', null, 'waits for the download']
		]);
	});

	test('the fault it pins: no "0 B of 5.6 MB" while a file is examined before its rows are read', () => {
		const [ingest] = loadSteps(
			state({ progress: { phase: 'reading', file: 'a.csv', bytesRead: 0, bytesTotal: 5_600_000 } }),
			bytes
		);
		expect([ingest.label, ingest.state, ingest.share, ingest.detail]).toEqual([
			'Reading a.csv',
			'active',
			null,
			''
		]);
	});

	test('rows read show as a share of the file; later phases have none', () => {
		const reading = loadSteps(
			state({
				engine: { phase: 'ready', bytesLoaded: 1, bytesTotal: 1 },
				download: { bytes: 10, total: 10, done: true },
				progress: { phase: 'reading', file: 'a.csv', bytesRead: 3, bytesTotal: 12 }
			}),
			bytes
		);
		expect(reading.map((s) => [s.key, s.state, s.share])).toEqual([
			['engine', 'done', 1],
			['download', 'done', 1],
			['ingest', 'active', 0.25]
		]);
		const [building] = loadSteps(
			state({ progress: { phase: 'building', bytesRead: 1, bytesTotal: 1 } }),
			bytes
		);
		expect([building.label, building.share]).toEqual(['Building events', null]);
	});
});
