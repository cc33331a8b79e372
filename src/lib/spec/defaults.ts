import type {
	ColumnMapping,
	DatasetSpec,
	DedupeMode,
	EventRef,
	ResolvedDatasetSpec,
	WeekStart
} from './types.ts';

/**
 * Every default of a dataset spec lives here, so ingest, the engine, the UI, the CLI and the hash agree on
 * them (SEMANTICS §1). Read them from here; never write the value again.
 */
export const DATASET_DEFAULTS = {
	format: 'auto',
	eventName: 'event',
	timeUnit: 'auto',
	dateOrder: 'auto',
	/** The zone of calendar days and of zone-less times, unless the layout documents another. */
	timezone: 'UTC',
	weekStart: 'monday',
	/** PostHog starts a new session after 30 minutes without an event (SEMANTICS §7). */
	sessionGapMinutes: 30
} as const;

/** Dedupe by the event id when one is mapped, else keep every row (SEMANTICS §1 `dedupe`). */
export function defaultDedupe(columns: Pick<ColumnMapping, 'id'>): DedupeMode {
	return columns.id != null && columns.id !== '' ? 'id' : 'none';
}

/** The calendar of a dataset (its zone and first day of the week), defaults filled in. */
export function datasetCalendar(d: Pick<DatasetSpec, 'timezone' | 'weekStart'>): {
	timezone: string;
	weekStart: WeekStart;
} {
	return {
		timezone: d.timezone ?? DATASET_DEFAULTS.timezone,
		weekStart: d.weekStart ?? DATASET_DEFAULTS.weekStart
	};
}

/**
 * The dataset spec with every default of the spec layer filled in. `sourceTimezone` stays as given: its
 * default depends on the file's layout, so ingest resolves it (SEMANTICS §1).
 */
export function withDatasetDefaults(d: DatasetSpec): ResolvedDatasetSpec {
	return {
		...d,
		columns: { ...d.columns },
		...fillDefaults<Pick<ResolvedDatasetSpec, keyof typeof DATASET_DEFAULTS>>(d, DATASET_DEFAULTS),
		dedupe: d.dedupe ?? defaultDedupe(d.columns),
		filters: d.filters ? d.filters.map((f) => ({ ...f })) : []
	};
}

/**
 * Every field `defaults` names, from `input` unless it leaves the field out (undefined or null), else from
 * `defaults`: the one rule by which each spec takes its defaults. Name `T`, the filled type, explicitly
 * (the defaults' literal types are narrower than the fields').
 */
export function fillDefaults<T extends object>(input: { [K in keyof T]?: T[K] | null }, defaults: T): T {
	const out = { ...defaults };
	for (const key of Object.keys(defaults) as (keyof T)[]) out[key] = input[key] ?? defaults[key];
	return out;
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
