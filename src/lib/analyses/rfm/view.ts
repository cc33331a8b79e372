/**
 * What the RFM screen shows around a result, pure (no DOM): starting guesses for its controls, the users of
 * a selected cell or named segment, and the tables its CSV exports write.
 */
import { classLabel, classOf } from './classes.ts';
import type { RfmResult, RfmUserRow } from './spec.ts';

const NUMERIC =
	/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/;
const MONEY = /revenue|amount|total|sales|spend|dollar|value/i;

/**
 * A value expression to start from (the report's columns: name, DuckDB type, mapped role): a numeric column
 * named like money (revenue, amount, total…), else quantity × unit price when the data has both, else a
 * price, else the first numeric column.
 */
export function guessMonetary(
	columns: readonly { name: string; type: string; role: string | null }[]
): string | null {
	const numeric = columns.filter((c) => c.role === null && NUMERIC.test(c.type));
	const find = (re: RegExp) => numeric.find((c) => re.test(c.name))?.name;
	const qty = find(/^(quantity|qty|units?)$/i);
	const price = find(/^(unit[ _]?price|price)$/i);
	const quote = (n: string) => (/^[\p{L}_][\p{L}\p{N}_]*$/u.test(n) ? n : `"${n.replaceAll('"', '""')}"`);
	const money = find(MONEY);
	if (money) return quote(money);
	if (qty && price) return `${quote(qty)} * ${quote(price)}`;
	const other = price ?? numeric[0]?.name;
	return other ? quote(other) : null;
}

/** The event that looks like a purchase (RFM is about purchases), or null to count every event. */
export function guessPurchaseEvent(names: readonly string[]): string | null {
	return names.find((n) => /purchase|order.?(completed|placed)|transaction/i.test(n)) ?? null;
}

/** A cell of the R × F grid or a named segment, picked on the screen. */
export type RfmSelection = { type: 'cell'; r: number; f: number } | { type: 'class'; key: string };

/** Whether a user belongs to the selection. */
export function inSelection(row: Pick<RfmUserRow, 'r' | 'f'>, sel: RfmSelection, bins: number): boolean {
	return sel.type === 'cell' ? row.r === sel.r && row.f === sel.f : classOf(row.r, row.f, bins) === sel.key;
}

/** How many users a selection holds, from the summary result (no per-user rows needed). */
export function selectionSize(result: RfmResult, sel: RfmSelection): number {
	if (sel.type === 'class') return result.classes.find((c) => c.key === sel.key)?.users ?? 0;
	return result.grid.find((c) => c.r === sel.r && c.f === sel.f)?.users ?? 0;
}

/** The selection in words, for the segment's name and its origin. */
export function selectionName(sel: RfmSelection): string {
	return sel.type === 'cell' ? `RFM R${sel.r} F${sel.f}` : `RFM ${classLabel(sel.key)}`;
}

/** The R × F grid as a table, one row per cell with users (what the grid's CSV export writes). */
export function gridTable(result: RfmResult): { header: string[]; rows: (string | number)[][] } {
	return {
		header: ['R', 'F', 'segment', 'users', 'share', 'avg_recency_days', 'avg_frequency', 'avg_monetary'],
		rows: result.grid.map((c) => [
			c.r,
			c.f,
			classLabel(classOf(c.r, c.f, result.bins)),
			c.users,
			result.users ? c.users / result.users : 0,
			c.avgRecency,
			c.avgFrequency,
			c.avgMonetary
		])
	};
}

/** Per-user rows as a table (the users CSV export): measures, scores, code and named segment. */
export function usersTable(
	rows: readonly RfmUserRow[],
	bins: number
): { header: string[]; rows: (string | number)[][] } {
	return {
		header: ['user', 'recency_days', 'frequency', 'monetary', 'R', 'F', 'M', 'code', 'segment'],
		rows: rows.map((u) => [
			u.user,
			u.recency,
			u.frequency,
			u.monetary,
			u.r,
			u.f,
			u.m,
			`${u.r}${u.f}${u.m}`,
			classLabel(classOf(u.r, u.f, bins))
		])
	};
}

export type UserSort = 'monetary' | 'frequency' | 'recency' | 'score';

/** Per-user rows in the table's order: most money, most events, most recent, or highest total score. */
export function sortUsers(rows: readonly RfmUserRow[], by: UserSort): RfmUserRow[] {
	const key: Record<UserSort, (u: RfmUserRow) => number> = {
		monetary: (u) => -u.monetary,
		frequency: (u) => -u.frequency,
		recency: (u) => u.recency,
		score: (u) => -(u.r + u.f + u.m)
	};
	const k = key[by];
	return [...rows].sort((a, b) => k(a) - k(b) || (a.user < b.user ? -1 : a.user > b.user ? 1 : 0));
}
