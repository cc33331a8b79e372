import { error } from '@sveltejs/kit';
import { ANALYSES } from '$lib/analyses/registry.ts';
import type { EntryGenerator, PageLoad } from './$types';

/** One page per analysis of the registry, prerendered. */
export const entries: EntryGenerator = () => ANALYSES.map((a) => ({ analysis: a.route }));

export const load: PageLoad = ({ params }) => {
	const def = ANALYSES.find((a) => a.route === params.analysis);
	if (!def) error(404, `No analysis is called ${params.analysis}`);
	return { kind: def.kind, label: def.label, description: def.description, needsTime: def.needsTime };
};
