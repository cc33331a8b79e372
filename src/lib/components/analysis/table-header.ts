/**
 * A result table's column name as its header shows it, in sentence case like the ingest report's and the
 * retention table's headers: the first letter upper-cased and underscores read as spaces ("period" →
 * "Period", "days_since_last_event" → "Days since last event"). Exports keep the names as they are. Only
 * for names a table gives its columns: a header that is a value from the data (an event name, a breakdown
 * value, a feature) is shown as written (DataTable's `asWritten`).
 */
export function columnLabel(name: string): string {
	const spaced = name.replaceAll('_', ' ');
	return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
