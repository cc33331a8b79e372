import type { IngestReport } from '../../engine/ingest/report.ts';
import type { DatasetInput } from '../../engine/ingest/index.ts';
import { VENDOR_LABELS, VENDOR_SOURCE_TIMEZONE } from '../../engine/layout.ts';
import { FILTER_OPS } from '../../spec/check.ts';
import { DATASET_DEFAULTS as D } from '../../spec/defaults.ts';
import type {
	ColumnMapping,
	DateOrderOption,
	DedupeMode,
	FilterOp,
	RowFilter,
	Scalar,
	TimeUnit,
	WeekStart
} from '../../spec/types.ts';

export const ROLES: { key: keyof ColumnMapping; label: string; required: boolean }[] = [
	{ key: 'user', label: 'User id', required: true },
	{ key: 'time', label: 'Time', required: false },
	{ key: 'event', label: 'Event name', required: false },
	{ key: 'id', label: 'Event id', required: false },
	{ key: 'anonymous', label: 'Anonymous / device id', required: false },
	{ key: 'session', label: 'Session id', required: false }
];

export { FILTER_OPS };

interface FilterRow {
	column: string;
	op: FilterOp;
	text: string;
}

/** The mapping panel's editable state, started from the report in force. */
export class MappingForm {
	#report: () => IngestReport;
	columns = $state<ColumnMapping>({ user: '' });
	eventName = $state<string>(D.eventName);
	timeUnit = $state<TimeUnit>(D.timeUnit);
	timezone = $state<string>(D.timezone);
	/** The zone of times written without one; empty means the default (`sourceDefault`). */
	sourceTimezone = $state('');
	dateOrder = $state<DateOrderOption>(D.dateOrder);
	weekStart = $state<WeekStart>(D.weekStart);
	dedupe = $state<DedupeMode>('none');
	sessionGapMinutes = $state<number>(D.sessionGapMinutes);
	filters = $state<FilterRow[]>([]);

	constructor(report: () => IngestReport) {
		this.#report = report;
		this.reset();
	}

	get names(): string[] {
		return this.#report().columns.map((c) => c.name);
	}

	/** The vendor's documented zone of zone-less times, if the file is a known layout that has one. */
	get #vendorZone(): string | null {
		const vendor = this.#report().vendor;
		return (vendor && VENDOR_SOURCE_TIMEZONE[vendor]) ?? null;
	}

	/** What an empty source time zone means (SEMANTICS §1): the vendor's zone, else the time zone above. */
	get sourceDefault(): string {
		return this.#vendorZone ?? (this.timezone.trim() || 'UTC');
	}

	/** Why the default is what it is, for the note under the field. */
	get sourceNote(): string {
		const vendor = this.#report().vendor;
		if (this.#vendorZone && vendor) {
			return `${VENDOR_LABELS[vendor]} writes its times in ${this.#vendorZone} without saying so, so times without a zone are read as ${this.#vendorZone} unless you set another zone here.`;
		}
		return 'Times written without a zone (2025-01-06 10:00) are read in the time zone above unless you set another zone here. Times with a zone or an offset, and epoch numbers, are exact instants.';
	}

	reset() {
		const d = this.#report().dataset;
		this.columns = { ...d.columns };
		this.eventName = d.eventName ?? D.eventName;
		this.timeUnit = d.timeUnit ?? D.timeUnit;
		this.timezone = d.timezone ?? D.timezone;
		this.sourceTimezone =
			d.sourceTimezone && d.sourceTimezone !== (this.#vendorZone ?? this.timezone) ? d.sourceTimezone : '';
		this.dateOrder = d.dateOrder ?? D.dateOrder;
		this.weekStart = d.weekStart ?? D.weekStart;
		this.dedupe = d.dedupe ?? 'none';
		this.sessionGapMinutes = d.sessionGapMinutes ?? D.sessionGapMinutes;
		this.filters = (d.filters ?? []).map((f) => ({ column: f.column, op: f.op, text: valueText(f.value) }));
	}

	addFilter() {
		this.filters.push({ column: this.names[0] ?? '', op: 'not_null', text: '' });
	}

	removeFilter(i: number) {
		this.filters.splice(i, 1);
	}

	toInput(): DatasetInput {
		return {
			columns: { ...this.columns },
			eventName: this.eventName || 'event',
			timeUnit: this.timeUnit,
			timezone: this.timezone.trim() || 'UTC',
			...(this.sourceTimezone.trim() ? { sourceTimezone: this.sourceTimezone.trim() } : {}),
			dateOrder: this.dateOrder,
			weekStart: this.weekStart,
			dedupe: this.dedupe === 'id' && !this.columns.id ? 'none' : this.dedupe,
			sessionGapMinutes: this.sessionGapMinutes,
			filters: this.filters.map(toFilter)
		};
	}
}

function valueText(v: RowFilter['value']): string {
	if (v === undefined || v === null) return '';
	return Array.isArray(v) ? v.join(', ') : String(v);
}

/** Text typed in the panel becomes a number when it reads as one, so `Quantity > 0` compares numbers. */
function scalar(text: string): Scalar {
	const t = text.trim();
	if (t !== '' && Number.isFinite(Number(t))) return Number(t);
	if (t === 'true' || t === 'false') return t === 'true';
	return t;
}

function toFilter(row: FilterRow): RowFilter {
	if (row.op === 'not_null' || row.op === 'is_null') return { column: row.column, op: row.op };
	if (row.op === 'in' || row.op === 'not_in') {
		return { column: row.column, op: row.op, value: row.text.split(',').map(scalar) };
	}
	return { column: row.column, op: row.op, value: scalar(row.text) };
}
