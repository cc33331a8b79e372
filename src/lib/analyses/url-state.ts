/**
 * The current analysis in the page address (issue 13): its spec without data, so the back button, a bookmark
 * and a reload land on the same view. The address is untrusted input (anyone can send a link): what it
 * carries goes through the registry's `parse` of the page's own kind, and anything that does not parse, or is
 * too long, is ignored as if absent. Pure.
 *
 * Parameters: `spec` (the spec as JSON, without `segment`), `segment` (a saved segment's id: its rule may
 * be a list of thousands of users, too long for an address, and the id names what the user picked),
 * `compare=1` (drawn beside all users, SEMANTICS §1b) and `tab` (the result tab shown: chart, table…).
 */
import { findAnalysis, type AnalysisSpec } from './registry.ts';

/** Longest `spec` parameter read (characters); longer ones are ignored. */
export const MAX_URL_SPEC = 8_000;

/** What the address says about the analysis of kind `kind`. */
export interface UrlAnalysis {
	/** The spec, parsed with every default applied (its `segment` is null: see `segmentId`). */
	spec: AnalysisSpec | null;
	segmentId: string | null;
	compare: boolean;
}

/** Reads an address's query (`?spec=…`, or its parameters) for an analysis of `kind`; never throws. */
export function readUrlAnalysis(search: string | URLSearchParams, kind: string): UrlAnalysis {
	const params = new URLSearchParams(search);
	const def = findAnalysis(kind);
	const text = params.get('spec');
	let spec: AnalysisSpec | null = null;
	if (def && text && text.length <= MAX_URL_SPEC) {
		try {
			const raw: unknown = JSON.parse(text);
			if (raw && typeof raw === 'object' && (raw as { kind?: unknown }).kind === kind)
				spec = def.parse({ ...raw, segment: null }, 'address') as AnalysisSpec;
		} catch {
			spec = null;
		}
	}
	const id = params.get('segment');
	return {
		spec,
		segmentId: id && /^[\w-]{1,64}$/.test(id) ? id : null,
		compare: params.get('compare') === '1'
	};
}

/** What a screen opens on (`openingAnalysis`): a spec to set its controls, and whether its scope applies. */
export interface OpeningAnalysis extends UrlAnalysis {
	/**
	 * True when the settings are the address's own (a reload, a bookmark, the back button): their date range
	 * and segment then become the workbench's scope. False for the last settings of the kind: the scope in
	 * force is every analysis's and stays.
	 */
	withScope: boolean;
}

/**
 * The settings a screen of `kind` opens on: the address's (`search`) when it carries a spec, else `last`,
 * the query this tab last showed for that kind (the header menu links to the bare page; PostHog and
 * Amplitude likewise keep an insight's settings while one moves around). Never throws; a spec that does not
 * parse is ignored (spec null) and the controls keep their defaults.
 */
export function openingAnalysis(search: string, last: string | null, kind: string): OpeningAnalysis {
	const inAddress = /[?&]spec=/.test(search);
	const found = readUrlAnalysis(inAddress ? search : (last ?? ''), kind);
	return inAddress
		? { ...found, withScope: true }
		: { ...found, segmentId: null, compare: false, withScope: false };
}

/**
 * The query `search` (`?a=1`) with the analysis `spec` written into it, other parameters kept: the spec
 * without its segment, and the saved segment's id when the scope came from one. Returns `?…`.
 */
export function writeUrlAnalysis(search: string, spec: object, segmentId: string | null): string {
	const out = new URLSearchParams(search);
	const { segment, ...rest } = spec as { segment?: { compare?: boolean } | null };
	out.set('spec', JSON.stringify(rest));
	if (segment && segmentId) out.set('segment', segmentId);
	else out.delete('segment');
	if (segment && segmentId && segment.compare) out.set('compare', '1');
	else out.delete('compare');
	return `?${out}`;
}

/** A tab id as the address may carry it (`chart`, `table`, `curves`…); anything else is ignored. */
const TAB = /^[\w-]{1,32}$/;

/** The result tab the address names (`?tab=table`) when it is one of `tabs`, else null; never throws. */
export function readUrlTab(search: string | URLSearchParams, tabs: readonly string[]): string | null {
	const tab = new URLSearchParams(search).get('tab');
	return tab && TAB.test(tab) && tabs.includes(tab) ? tab : null;
}

/** The query `search` with the result tab `tab` written into it (removed when null), other parameters kept. */
export function writeUrlTab(search: string, tab: string | null): string {
	const out = new URLSearchParams(search);
	if (tab && TAB.test(tab)) out.set('tab', tab);
	else out.delete('tab');
	return `?${out}`;
}

/**
 * What a screen keeps in the address beside its spec (the funnel's, FunnelModel): `draft`, its controls while
 * they make no spec yet (a half-built funnel, which a reload must bring back as it was), as parsed JSON for
 * the screen to check (null when absent, too long or not JSON); `preset`, true when the settings are the
 * screen's start for the data (funnel/preset.ts), not the person's, so they are derived again for another
 * dataset instead of being kept as a choice.
 */
export interface UrlDraft {
	draft: unknown;
	preset: boolean;
}

/** Reads `draft` (JSON) and `preset=1` from an address's query; never throws. */
export function readUrlDraft(search: string | URLSearchParams): UrlDraft {
	const params = new URLSearchParams(search);
	const text = params.get('draft');
	let draft: unknown = null;
	if (text && text.length <= MAX_URL_SPEC) {
		try {
			draft = JSON.parse(text);
		} catch {
			draft = null;
		}
	}
	return { draft, preset: params.get('preset') === '1' };
}

/** The query `search` with `draft` (left out when null) and `preset` written into it, other parameters kept. */
export function writeUrlDraft(search: string, state: UrlDraft): string {
	const out = new URLSearchParams(search);
	if (state.draft !== null && state.draft !== undefined) out.set('draft', JSON.stringify(state.draft));
	else out.delete('draft');
	if (state.preset) out.set('preset', '1');
	else out.delete('preset');
	return `?${out}`;
}

/**
 * The draft and origin a screen opens on: the address's when it carries a spec or a draft (a reload, a link),
 * else `last`, what this tab last kept for the kind (the menu links to the bare page), as `openingAnalysis`
 * picks the spec.
 */
export function openingDraft(search: string, last: string | null): UrlDraft {
	return readUrlDraft(/[?&](spec|draft)=/.test(search) ? search : (last ?? ''));
}
