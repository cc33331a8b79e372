import { base } from '$app/paths';
import type { WorkbenchModel } from './WorkbenchModel.svelte.ts';
import type { DatasetInput } from '../../engine/ingest/index.ts';

export const DEMO_FILE = 'demo-shop.csv.gz';
export const DEMO_INPUT: DatasetInput = { timezone: 'Europe/London' };

/** Loads the bundled demo web-shop export (same origin, shipped in the static site). */
export async function loadDemo(model: WorkbenchModel): Promise<boolean> {
	let blob: Blob;
	try {
		const response = await fetch(`${base}/data/${DEMO_FILE}`);
		if (!response.ok) throw new Error(`HTTP ${response.status}`);
		blob = await response.blob();
	} catch (e) {
		model.error = `The demo dataset could not be loaded (${e instanceof Error ? e.message : String(e)}). Drop your own export instead.`;
		return false;
	}
	const file = new File([blob], DEMO_FILE, { type: 'application/gzip' });
	return model.open([file], DEMO_INPUT, 'Demo web shop');
}
