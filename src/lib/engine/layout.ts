/**
 * Guesses the column mapping of a loaded file (SEMANTICS §1): the six known export layouts by their column
 * names, anything else by names and values. Pure: ingest gives it column names, DuckDB types and a sample;
 * the mapping screen shows `notes` and lets the user override every choice.
 */
import type { ColumnMapping, DedupeMode, TimeUnit } from '../spec/types.ts';
import { Columns, timeFormat, type ColumnInfo, type TimeFormat } from './layout/columns.ts';
import { genericLayout } from './layout/generic.ts';
import {
	VENDOR_LABELS,
	VENDOR_RULES,
	VENDOR_SOURCE_TIMEZONE,
	type Draft,
	type Vendor
} from './layout/vendors.ts';

export type { ColumnInfo, TimeFormat } from './layout/columns.ts';
export { VENDOR_LABELS, VENDOR_SOURCE_TIMEZONE, type Vendor } from './layout/vendors.ts';

export interface LayoutGuess {
	vendor: Vendor | null;
	mapping: ColumnMapping;
	timeUnit: TimeUnit;
	dedupe: DedupeMode;
	/** Human-readable reasons for each choice, shown on the mapping screen. */
	notes: string[];
	/** null when no time column was found. */
	timeFormat: TimeFormat | null;
	/** The vendor's documented zone of zone-less times (`VENDOR_SOURCE_TIMEZONE`), else null. */
	sourceTimezone: string | null;
}

/** The mapping of `columns` (in file order): the first vendor rule that fits, else the generic guess. */
export function detectLayout(columns: ColumnInfo[]): LayoutGuess {
	const cols = new Columns(columns);
	for (const rule of VENDOR_RULES) {
		const found = rule(cols);
		if (found) return finish(found, cols);
	}
	return finish(genericLayout(cols), cols);
}

function finish(d: Draft, cols: Columns): LayoutGuess {
	const time = d.mapping.time ? cols.get(d.mapping.time) : undefined;
	const dedupe: DedupeMode = d.dedupe ?? (d.mapping.id ? 'id' : 'none');
	const sourceTimezone = (d.vendor && VENDOR_SOURCE_TIMEZONE[d.vendor]) ?? null;
	const notes = [...d.notes];
	if (sourceTimezone && time) {
		notes.push(
			`${VENDOR_LABELS[d.vendor!]} documents ${time.name} as ${sourceTimezone} but writes no zone: such times are read as ${sourceTimezone} unless you set another source time zone`
		);
	}
	return {
		vendor: d.vendor,
		mapping: {
			user: d.mapping.user,
			time: d.mapping.time ?? null,
			event: d.mapping.event ?? null,
			id: d.mapping.id ?? null,
			anonymous: d.mapping.anonymous ?? null,
			session: d.mapping.session ?? null
		},
		timeUnit: d.timeUnit,
		dedupe,
		notes,
		timeFormat: time ? (timeFormat(time) ?? 'text') : null,
		sourceTimezone
	};
}
