import { page } from '$app/state';
import { replaceState } from '$app/navigation';
import { openingDraft, writeUrlDraft, type UrlDraft } from '../../analyses/url-state.ts';
import { keptInTab, pageKind } from './tab-state.ts';

/**
 * What a screen keeps beside its spec (url-state.ts `UrlDraft`: unfinished controls, and whether the settings
 * are the screen's preset) in the page address, so a reload brings back exactly what the person left; and,
 * like the spec (query.svelte.ts) and the tab (tab-state.ts), per kind in sessionStorage, for the menu and
 * the back button, which return to the page's bare address. Only on the page of `kind` itself.
 */

const stored = (kind: string, search?: string) => keptInTab(`footfall-draft-${kind}`, search);

/** The draft and origin the screen of `kind` opens on (url-state.ts `openingDraft`); nothing off its page. */
export function restoredDraft(kind: string): UrlDraft {
	if (pageKind() !== kind) return { draft: null, preset: false };
	return openingDraft(location.search, stored(kind));
}

/** Writes `state` into the address (parameters left out when empty) and this tab's storage for `kind`. */
export function keepDraft(kind: string, state: UrlDraft) {
	if (pageKind() !== kind) return;
	stored(kind, writeUrlDraft('', state));
	const search = writeUrlDraft(location.search, state);
	if (search === location.search || (search === '?' && !location.search)) return;
	// The page's own path with new settings: nothing to resolve against the base path.
	// eslint-disable-next-line svelte/no-navigation-without-resolve
	replaceState(search, page.state);
}
