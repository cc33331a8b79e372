/**
 * Spec types: the JSON contract of docs/SEMANTICS.md. Field names here are the contract; fields may be
 * added, never renamed. `validate.ts` checks unknown input against these shapes; `defaults.ts` fills defaults.
 */

export type Scalar = string | number | boolean | null;

export type FilterOp =
	| '='
	| '!='
	| '>'
	| '>='
	| '<'
	| '<='
	| 'in'
	| 'not_in'
	| 'contains'
	| 'starts_with'
	| 'not_null'
	| 'is_null';

export interface RowFilter {
	column: string;
	op: FilterOp;
	value?: Scalar | Scalar[];
}

export type FileFormat = 'auto' | 'csv' | 'tsv' | 'parquet' | 'json' | 'jsonl';
export type TimeUnit = 'auto' | 's' | 'ms' | 'us';
export type DedupeMode = 'id' | 'row' | 'none';
export type WeekStart = 'monday' | 'sunday';
/** How day/month dates (`03/02/2025`) are read: `dmy` day-first, `mdy` month-first, `auto` by evidence. */
export type DateOrderOption = 'auto' | 'dmy' | 'mdy';

export interface ColumnMapping {
	user: string;
	time?: string | null;
	event?: string | null;
	id?: string | null;
	anonymous?: string | null;
	/** The export's own session id column; sessions are then taken from it instead of the gap rule. */
	session?: string | null;
}

export interface DatasetSpec {
	files: string[];
	format?: FileFormat;
	columns: ColumnMapping;
	/** Event name used when `columns.event` is null. */
	eventName?: string;
	timeUnit?: TimeUnit;
	/** IANA zone of all calendar bucketing (day, week, month, hour of day): `__local`. */
	timezone?: string;
	/**
	 * IANA zone in which times written without a zone are read (SEMANTICS §1). Left out, ingest takes UTC for
	 * layouts whose vendor documents zone-less times as UTC (Amplitude, Snowplow, Segment), else `timezone`;
	 * the report's dataset always carries the zone used. Zoned times and epochs ignore it.
	 */
	sourceTimezone?: string;
	/**
	 * Day/month dates: `auto` reads each by its own evidence (a field over 12 is the day) and the ambiguous
	 * ones in the order most of the column proves; `dmy` or `mdy` reads all in that order, rejecting dates
	 * that cannot be.
	 */
	dateOrder?: DateOrderOption;
	weekStart?: WeekStart;
	dedupe?: DedupeMode;
	filters?: RowFilter[];
	/** CSV options for headerless or oddly separated files (CDNOW). */
	header?: boolean;
	delimiter?: string;
	/** Inactivity gap that splits sessions, minutes. */
	sessionGapMinutes?: number;
}

/** An event reference with optional property filters (`where`). null means any event. */
export interface EventRef {
	event: string | null;
	where?: RowFilter[];
}

export type Period = 'day' | 'week' | 'month';

export interface RetentionSpec {
	kind: 'retention';
	startEvent: string | EventRef | null;
	returnEvent: string | EventRef | null;
	type: 'first_time' | 'recurring';
	period: Period;
	periods: number;
	mode: 'on' | 'on_or_after';
	window: 'calendar' | 'rolling';
	breakdown: string | null;
	/**
	 * Cohort by a property value at the user's first start event instead of by period (acquisition channel).
	 * The property is the `breakdown` column, so `cohortBy: 'property'` needs `breakdown` set.
	 */
	cohortBy?: 'period' | 'property';
	/** Limit cohorts to those starting in [from, to) (YYYY-MM-DD, in the dataset's time zone). */
	range?: { from?: string | null; to?: string | null } | null;
	/** A segment (set of users) to restrict to: reserved for the segments issue. */
	segment?: string | null;
}

export type AnalysisSpec = RetentionSpec;

/** A retention spec as written by a person or a file: everything but `kind` may be left to the defaults. */
export type RetentionSpecInput = { kind: 'retention' } & Partial<Omit<RetentionSpec, 'kind'>>;

export type AnalysisSpecInput = RetentionSpecInput;

/** A dataset spec with every defaulted field filled in (`withDatasetDefaults`). */
export type ResolvedDatasetSpec = DatasetSpec &
	Required<
		Pick<
			DatasetSpec,
			| 'format'
			| 'eventName'
			| 'timeUnit'
			| 'dateOrder'
			| 'timezone'
			| 'weekStart'
			| 'dedupe'
			| 'filters'
			| 'sessionGapMinutes'
		>
	>;

/**
 * A retention spec with every default applied (`withAnalysisDefaults`): event references are objects or
 * null, `where` lists are non-empty when present, and the optional fields are explicit.
 */
export type ResolvedRetentionSpec = Omit<RetentionSpec, 'startEvent' | 'returnEvent'> & {
	startEvent: EventRef | null;
	returnEvent: EventRef | null;
	cohortBy: 'period' | 'property';
	range: { from: string | null; to: string | null } | null;
	segment: string | null;
};

/** One cohort row of a retention table. */
export interface RetentionCohort {
	/**
	 * The cohort's first day, `YYYY-MM-DD`; with `cohortBy: 'property'` the property value as text, and null
	 * for users whose value was missing.
	 */
	cohort: string | null;
	size: number;
	/** `periods` entries; [0] is the size; null where the period had not started by the end of the data. */
	values: (number | null)[];
}

export interface RetentionResult {
	period: Period;
	cohorts: RetentionCohort[];
	/** Present when `breakdown` is set and cohorts are periods: the same table per breakdown value (as text). */
	breakdowns?: { value: string | null; cohorts: RetentionCohort[] }[];
}

export interface RunnableSpec {
	dataset: DatasetSpec;
	analysis: AnalysisSpec;
}
