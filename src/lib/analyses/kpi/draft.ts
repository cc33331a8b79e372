/** The KPI series being edited on the screen, and the series it makes (pure). */
import type { EventRef } from '../../spec/types.ts';
import { refOfSpec, runnableRef } from '../../components/pickers/event-ref.ts';
import type { ActiveWindow, KpiMetric, KpiSeries } from './spec.ts';

/** The series being edited, as the controls hold it. */
export interface KpiDraft {
	metric: KpiMetric;
	window: ActiveWindow;
	event: EventRef | null;
	value: string;
	label: string;
}

/**
 * The draft as a series, or a sentence saying what it still needs (a value expression, a feature event, a
 * finished filter).
 */
export function draftSeries(d: KpiDraft): KpiSeries | string {
	const ref = runnableRef(d.event);
	if (ref === undefined) return 'Finish the filter (a column and a value).';
	const base = {
		metric: d.metric,
		event: ref?.event ?? null,
		where: ref?.where ?? [],
		label: d.label.trim() || null
	};
	if (d.metric === 'active_users') return { ...base, window: d.window };
	if (d.metric === 'sum' || d.metric === 'avg') {
		if (!d.value.trim()) return 'Type a value expression, such as Quantity * UnitPrice.';
		return { ...base, value: d.value.trim() };
	}
	if (d.metric === 'adoption' && base.event === null && base.where.length === 0)
		return 'Pick the feature event whose adoption to measure.';
	return base;
}

/** The draft that makes series `s` (the inverse of `draftSeries`), to set the controls back from a spec. */
export function draftOf(s: KpiSeries): KpiDraft {
	return {
		metric: s.metric,
		window: s.window ?? 'day',
		event: refOfSpec(s),
		value: s.value ?? '',
		label: s.label ?? ''
	};
}
