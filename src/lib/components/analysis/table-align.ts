/** A table cell as DataTable draws it (what a CSV export writes). */
type Cell = string | number | null;

/**
 * Whether column `i` of `rows` holds numbers, so DataTable right-aligns it (digits line up): every value
 * set in it is a number (null and '' are gaps). A column of text ('yes'/'no', event names, a sentence)
 * stays left-aligned wherever it stands. A column with no value set keeps the old rule: every column
 * after the first is a number column.
 */
export function isNumericColumn(rows: readonly (readonly Cell[])[], i: number): boolean {
	let set = 0;
	for (const row of rows) {
		const v = row[i];
		if (v === null || v === undefined || v === '') continue;
		if (typeof v !== 'number') return false;
		set++;
	}
	return set > 0 || i > 0;
}
