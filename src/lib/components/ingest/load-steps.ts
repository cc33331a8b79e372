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
			detail: received(d.bytes, d.total ?? 0, formatBytes),
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

/**
 * A download's detail: "3.1 MB of 34 MB downloaded", "3.1 MB downloaded" when the host does not say the size
 * (`total` 0), and before the first byte "34 MB to download" or "waiting for the first bytes", never "0 B".
 */
function received(bytes: number, total: number, formatBytes: (n: number) => string): string {
	if (bytes > 0)
		return total > 0
			? `${formatBytes(bytes)} of ${formatBytes(total)} downloaded`
			: `${formatBytes(bytes)} downloaded`;
	return total > 0 ? `${formatBytes(total)} to download` : 'waiting for the first bytes';
}

function engineStep(e: EngineStart, formatBytes: (n: number) => string): LoadStep {
	const label = 'Starting the analytics engine';
	switch (e.phase) {
		case 'downloading':
			return {
				key: 'engine',
				label,
				detail: received(e.bytesLoaded, e.bytesTotal, formatBytes),
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
