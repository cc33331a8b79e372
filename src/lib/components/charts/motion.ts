import { getContext, setContext } from 'svelte';

const KEY = Symbol('footfall-chart-from-cache');

/**
 * Tells the charts inside a result frame whether the result they draw came from the cache (read when they
 * draw). Call during a component's initialisation.
 */
export function provideFromCache(fromCache: () => boolean): void {
	setContext(KEY, fromCache);
}

/** Whether the result of the enclosing frame came from the cache; false outside a frame. */
export function fromCacheHere(): () => boolean {
	return getContext<(() => boolean) | undefined>(KEY) ?? (() => false);
}
