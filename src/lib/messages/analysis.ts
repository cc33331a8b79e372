// The sentences an analysis screen says about its data and settings rather than about an error: a column
// the data lacks, a missing time column, an empty segment, data too short for churn, waiting for data. Part of
// messages.ts (re-exported there, the one place messages come from); here only to keep that file short.

/** Names listed at most in a "not in the data" message. */
const LISTED_COLUMNS = 30;

/**
 * `The column "X" in analysis.breakdown is not in the data. Its columns are: a, b, c.`: for a spec field
 * (`field`, a path such as `dataset.filters[0]`) naming a column the loaded data does not have.
 */
export function missingColumnMessage(column: string, field: string, columns: readonly string[]): string {
	const listed = columns.slice(0, LISTED_COLUMNS).join(', ');
	const more = columns.length > LISTED_COLUMNS ? ` and ${columns.length - LISTED_COLUMNS} more` : '';
	return `The column "${column}" in ${field} is not in the data. Its columns are: ${listed}${more}.`;
}

/**
 * For an analysis that buckets or orders events by time (its definition's `needsTime`) run on data with no
 * time column mapped: what to do instead (ISSUE 8, "A file with no time column").
 */
export function needsTimeMessage(label: string): string {
	return (
		`${label} needs a time column, and this data has none mapped. Pick the time column in the mapping ` +
		'panel; data with one row per customer can be clustered and segmented instead.'
	);
}

/**
 * When the segment in force (the Users filter every analysis applies, SEMANTICS §1b) matches no user of the
 * data: said by every analysis in place of its result, instead of blaming its own event or settings. `name`:
 * the saved segment's name, or null for a rule without one.
 */
export function segmentMatchesNoUserMessage(name: string | null): string {
	return (
		`${name === null ? 'The segment' : `The segment “${name}”`} matches no user in this data, so there is ` +
		'nothing to show. Pick another segment, or All users, under Users above.'
	);
}

/**
 * Churn (SEMANTICS §8) on data too short for its horizon: the model needs activity before the training cutoff
 * (cutoff − horizon), so with the default cutoff (last event − horizon) the data must span more than two
 * horizons. Says the span and the longest horizon that fits (`maxHorizon` days, < 1 when none does), or, with
 * a cutoff chosen (`cutoffChosen`), to move it later too. Days as `YYYY-MM-DD`.
 */
export function churnTooShortMessage(p: {
	horizon: number;
	trainDay: string;
	firstDay: string;
	spanDays: number;
	maxHorizon: number;
	cutoffChosen: boolean;
}): string {
	const head =
		`Churn needs activity before ${p.trainDay} (two horizons of ${p.horizon} days before the cutoff), ` +
		`and the data starts on ${p.firstDay}, ${p.spanDays} days before its last event: `;
	if (p.cutoffChosen) return head + 'shorten the horizon or pick a later cutoff.';
	return p.maxHorizon >= 1
		? head +
				`set the horizon to ${p.maxHorizon} days or fewer (with the cutoff left to its default, the data must span more than two horizons).`
		: head + 'the data is too short to model churn (it must span more than two days).';
}

/**
 * The status of an analysis whose result is not in the kept results while its data loads behind the report
 * already on screen (issue 13, a reopen; issue 14, the demo on a first visit): it runs once the data of
 * `label` (the dataset's name) is in.
 */
export function waitingForDataMessage(label: string): string {
	return `Waiting for the data of ${label} to load…`;
}

/**
 * What a page that draws a dataset (`what`: "the dashboard", "trends") says while there is none: the
 * workspace still opening (its kept data not yet looked for), a load under way (`loading`: its name, such as
 * the kept files of a reopen), or what to do.
 */
export function noDataMessage(state: { opening: boolean; loading: string | null }, what: string): string {
	if (state.loading) return `Loading ${state.loading}…`;
	if (state.opening) return 'Opening your workspace…';
	return `Load a dataset to see ${what}.`;
}
