/** The scope fields (SEMANTICS §1b) as each analysis applies them, from its AnalysisContext. */
import type { ScopeContext } from '../sql/scope.ts';
import type { AnalysisContext } from './types.ts';

/** What the scope SQL needs to know of the loaded dataset. */
export function scopeContext(ctx: AnalysisContext): ScopeContext {
	return { timezone: ctx.dataset.timezone, lastEventMs: ctx.lastEventMs, columns: [...ctx.columns.keys()] };
}
