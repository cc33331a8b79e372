import type { EngineStart } from '../../engine/wasm.ts';
import type { IngestProgress } from '../../engine/ingest/index.ts';

/** A download before a load (the demo's), in bytes; `total` is null when the host does not say it. */
export interface Download {
	bytes: number;
	total: number | null;
	done: boolean;
}

/** One line of the progress card. `share` is 0..1, or null when there is no honest fraction to show. */
export interface LoadStep {
	key: 'engine' | 'download' | 'ingest';
	label: string;
	detail: string;
	state: 'waiting' | 'active' | 'done' | 'failed';
	share: number | null;
}

export interface LoadState {
	/** The name of what is loading: "Demo web shop", a file name. */
	label: string;
	/** Set when the load began before the engine was ready: its start is then part of this load. */
	engine: EngineStart | null;
	download: Download | null;
	progress: IngestProgress | null;
}

const PHASES: Record<IngestProgress['phase'], string> = {
	reading: 'Reading',
	mapping: 'Mapping columns',
	building: 'Building events',
	summarising: 'Summarising'
};

/**
 * The steps of a load as the progress card lists them: the engine's start (while the load waits for it),
 * the download (when there is one), then the phase the engine reports. Every number shown is measured:
 * bytes downloaded or read of a known total; a step with no such number gets no fraction (an indeterminate
 * bar), never a made-up one. Sizes through `formatBytes`.
 */
export function loadSteps(s: LoadState, formatBytes: (n: number) => string): LoadStep[] {
	const steps: LoadStep[] = [];
	const engineReady = !s.engine || s.engine.phase === 'ready';
	if (s.engine) steps.push(engineStep(s.engine, formatBytes));
	if (s.download) {
		const d = s.download;
		steps.push({
			key: 'download',
			label: `Downloading ${s.label}`,
			detail:
				d.total !== null
					? `${formatBytes(d.bytes)} of ${formatBytes(d.total)}`
					: d.bytes > 0
						? formatBytes(d.bytes)
						: '',
			state: d.done ? 'done' : 'active',
			share: d.total ? Math.min(1, d.bytes / d.total) : null
		});
	}
	const p = s.progress;
	const waiting = !p && (!engineReady || (s.download !== null && !s.download.done));
	steps.push({
		key: 'ingest',
		label: p
			? `${PHASES[p.phase]}${p.phase === 'reading' && p.file ? ` ${p.file}` : ''}`
			: waiting
				? 'Reading the data'
				: `Reading ${s.label}`,
		detail: !p
			? waiting
				? engineReady
					? 'waits for the download'
					: 'waits for the engine'
				: ''
			: p.phase === 'reading' && p.bytesRead > 0
				? `${formatBytes(p.bytesRead)} of ${formatBytes(p.bytesTotal)}`
				: '',
		state: waiting ? 'waiting' : 'active',
		share:
			p?.phase === 'reading' && p.bytesRead > 0 && p.bytesTotal > 0
				? Math.min(1, p.bytesRead / p.bytesTotal)
				: null
	});
	return steps;
}

function engineStep(e: EngineStart, formatBytes: (n: number) => string): LoadStep {
	const label = 'Starting the analytics engine';
	switch (e.phase) {
		case 'downloading':
			return {
				key: 'engine',
				label,
				detail:
					e.bytesTotal > 0
						? `${formatBytes(e.bytesLoaded)} of ${formatBytes(e.bytesTotal)} downloaded`
						: `${formatBytes(e.bytesLoaded)} downloaded`,
				state: 'active',
				share: e.bytesTotal > 0 ? Math.min(1, e.bytesLoaded / e.bytesTotal) : null
			};
		case 'starting':
			return {
				key: 'engine',
				label,
				detail: 'compiling, opening the database',
				state: 'active',
				share: null
			};
		case 'ready':
			return { key: 'engine', label: 'Analytics engine started', detail: '', state: 'done', share: 1 };
		case 'failed':
			return {
				key: 'engine',
				label: 'The analytics engine could not start',
				detail: '',
				state: 'failed',
				share: null
			};
	}
}
