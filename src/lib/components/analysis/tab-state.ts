import { page } from '$app/state';
import { replaceState } from '$app/navigation';
import { ANALYSES } from '../../analyses/registry.ts';
import { readUrlTab, writeUrlTab } from '../../analyses/url-state.ts';

/**
 * The result tab of the page's analysis in the page address (`?tab=table`, issue 13), so the back button, a
 * bookmark and a reload land on the tab the user left. Like the spec (query.svelte.ts), the tab is also kept
 * per kind in sessionStorage: the back button returns to a page's own address without what `replaceState`
 * added to it.
 */

/** The kind of the analysis page open, from the address itself (SvelteKit's `page` may lag on back). */
export function pageKind(): string | null {
	const path = location.pathname.replace(/\/+$/, '');
	return ANALYSES.find((a) => path.endsWith(`/${a.route}`))?.kind ?? null;
}

/** This browser tab's value under `key` (sessionStorage), written when `value` is given; null if refused. */
export function keptInTab(key: string, value?: string): string | null {
	try {
		if (value !== undefined) sessionStorage.setItem(key, value);
		else return sessionStorage.getItem(key);
	} catch {
		// Storage refused (private mode): the address alone then.
	}
	return null;
}

const stored = (kind: string, tab?: string) => keptInTab(`footfall-tab-${kind}`, tab);

/**
 * The tab to open on: the address's when it names one of `tabs`; else, when the address carries no spec
 * (the back button, the menu), the one last shown for `kind` in this tab; else null.
 */
export function restoredTab(kind: string, tabs: readonly string[]): string | null {
	const here = location.search;
	const fromUrl = readUrlTab(here, tabs);
	if (fromUrl || /[?&]spec=/.test(here)) return fromUrl;
	const last = stored(kind);
	return last && tabs.includes(last) ? last : null;
}

/** Writes the tab shown into the address (left out when it is the first, `first`) and this tab's storage. */
export function keepTab(kind: string, tab: string, first: boolean) {
	stored(kind, tab);
	const search = writeUrlTab(location.search, first ? null : tab);
	if (search === location.search || (search === '?' && !location.search)) return;
	// The page's own path with a new tab: nothing to resolve against the base path.
	// eslint-disable-next-line svelte/no-navigation-without-resolve
	replaceState(search, page.state);
}
