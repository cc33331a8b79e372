import type { DatasetSpec, EventRef, ResolvedDatasetSpec } from './types.ts';

/** Every default of the spec layer lives here, so the UI, the CLI and the hash agree on them. */
export const DATASET_DEFAULTS = {
	format: 'auto',
	eventName: 'event',
	timeUnit: 'auto',
	dateOrder: 'auto',
	timezone: 'UTC',
	weekStart: 'monday',
	sessionGapMinutes: 30
} as const;

/**
 * The dataset spec with every default of the spec layer filled in. `sourceTimezone` stays as given: its
 * default depends on the file's layout, so ingest resolves it (SEMANTICS §1).
 */
export function withDatasetDefaults(d: DatasetSpec): ResolvedDatasetSpec {
	const idMapped = d.columns.id != null && d.columns.id !== '';
	return {
		...d,
		columns: { ...d.columns },
		format: d.format ?? DATASET_DEFAULTS.format,
		eventName: d.eventName ?? DATASET_DEFAULTS.eventName,
		timeUnit: d.timeUnit ?? DATASET_DEFAULTS.timeUnit,
		dateOrder: d.dateOrder ?? DATASET_DEFAULTS.dateOrder,
		timezone: d.timezone ?? DATASET_DEFAULTS.timezone,
		weekStart: d.weekStart ?? DATASET_DEFAULTS.weekStart,
		dedupe: d.dedupe ?? (idMapped ? 'id' : 'none'),
		filters: d.filters ? d.filters.map((f) => ({ ...f })) : [],
		sessionGapMinutes: d.sessionGapMinutes ?? DATASET_DEFAULTS.sessionGapMinutes
	};
}

/**
 * `"x"` and `{ event: "x", where: [] }` both become `{ event: "x" }`; `{ event: null }` without filters is
 * the same as null (any event). One spelling per meaning keeps spec hashes equal for equal specs.
 */
export function normaliseEventRef(ref: string | EventRef | null | undefined): EventRef | null {
	if (ref == null) return null;
	if (typeof ref === 'string') return { event: ref };
	const where = ref.where && ref.where.length > 0 ? ref.where.map((f) => ({ ...f })) : undefined;
	if (ref.event == null && !where) return null;
	return where ? { event: ref.event ?? null, where } : { event: ref.event ?? null };
}
