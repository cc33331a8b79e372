/** A segment's users as a CSV file (the screen's "Export users"). */
import { toCsv } from '../../components/export/download.ts';

/**
 * One column, `user`, one row per user id as the data writes it (sorted, as SEMANTICS §4's list is). Ids
 * a spreadsheet would run as a formula (`=cmd|…`, `+1`, `@x`) are written as text (toCsv's escape), and
 * ids with commas, quotes or line breaks stay whole.
 */
export function segmentUsersCsv(ids: readonly string[]): string {
	return toCsv(
		['user'],
		ids.map((id) => [id])
	);
}
