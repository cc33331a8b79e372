/**
 * Loading files into the `events` table, step by step: sources.ts (sniff and prepare each file), sample.ts
 * (the first rows, the guessed layout), plan.ts (mapping and time format), build.ts (the one read of every
 * row), cleanup.ts (rejects, dedupe, filters, identities, user keys), report.ts (the ingest report).
 */
import { CancelledError, type Database } from '../duck.ts';
import type { SourceFile } from '../source.ts';
import { ident, literal } from '../../sql/quote.ts';
import { C, EVENTS } from '../../sql/schema.ts';
import { buildReport, type IngestReport } from './report.ts';
import { fileAlias, loadTable, prepareSources, stopWatching } from './sources.ts';
import { columnNames, partSelects, unionOf } from './part-rows.ts';
import { awaitScans, partsToReread, RereadNeeded, rereadsFor, type PlainMode } from './reread.ts';
import { countColumns, countFirstRead, sampleFiles } from './sample.ts';
import { settleTypes } from './typing.ts';
import { inUserTerms } from '../formats/csv-errors.ts';
import { filesTooLarge } from '../size-limit.ts';
import { makePlan, recheck } from './plan.ts';
import { settleTimes } from './settle-times.ts';
import { unreadableTimeReason } from '../time.ts';
import { readInto } from './build.ts';
import {
	applyFilters,
	assignUserKeys,
	dropDuplicates,
	dropUnreadableTimes,
	resolveIdentities,
	stagedRows
} from './cleanup.ts';
import {
	STAGE,
	type BuildStats,
	type DatasetInput,
	type IngestOptions,
	type IngestProgress,
	type LoadedFiles,
	type Prepared,
	type TimeCounts
} from './types.ts';
import type { RejectedRow } from '../formats/types.ts';

export type { DatasetInput, IngestOptions, IngestProgress, LoadedFiles } from './types.ts';
export type { IngestReport } from './report.ts';
export { resolveDataset } from './plan.ts';
export { columnNames } from './part-rows.ts';

/** Tables of a load are named `__g<n>_…`: a staged load never touches the tables of the dataset in force. */
let generation = 0;

/**
 * Reads the files, guesses the mapping, builds `events`, and only then replaces the previous dataset: a
 * failure or a cancel at any point leaves the earlier data untouched.
 *
 * The rows are read once, straight into `events` with the canonical columns computed on the way (the
 * mapping and time format are guessed from the first rows of each file, then checked against counts over
 * all rows; a wrong guess rebuilds). Rejected times, duplicates and filtered rows are then deleted, and
 * identity resolution and user keys are filled in place. Nothing is held twice: a remap reads a CSV file
 * anew, and decodes a JSON or Parquet file (in JavaScript) into a table again, dropped once `events` is built.
 */
export async function ingest(
	duck: Database,
	sources: SourceFile[],
	input: DatasetInput,
	opts: IngestOptions = {}
): Promise<{ report: IngestReport; loaded: LoadedFiles }> {
	if (sources.length === 0) throw new Error('No file was given.');
	const tooLarge = filesTooLarge(sources, duck.files.maxLoadBytes);
	if (tooLarge) throw tooLarge;
	let plain = new Map<number, PlainMode>();
	for (;;) {
		const prefix = `__g${++generation}_`;
		const ours = (name: string) => name.startsWith(fileAlias(duck.files.dir, prefix, 0).slice(0, -1));
		await dropStaging(duck, prefix);
		let prepared: Prepared | null = null;
		try {
			prepared = await prepareSources(duck, sources, input, prefix, opts, plain);
			const { report, loaded } = await buildEvents(duck, prepared, input, opts);
			await commitStaging(duck, prefix);
			await dropReloads(duck, loaded);
			duck.files.forget((name) => !ours(name));
			return { report, loaded };
		} catch (e) {
			stopWatching(prepared?.firstRead?.parts ?? []);
			await dropStaging(duck, prefix);
			duck.files.forget(ours);
			// Some delimited files turned out not to be UTF-8 past their first bytes, their gzip data ends early
			// or is damaged, or their lines end in two ways: read everything again, those files made plain
			// UTF-8 first. Each round must change something, so this ends.
			const again = rereadsFor(e, prepared?.firstRead?.parts ?? []);
			const next = new Map(plain);
			for (const i of again?.parts ?? []) {
				next.set(i, { lineEnds: Boolean(next.get(i)?.lineEnds || again?.lineEnds) });
			}
			if ([...next].some(([i, m]) => plain.get(i)?.lineEnds !== m.lineEnds)) {
				plain = next;
				continue;
			}
			throw inUserTerms(
				e,
				sources.map((f) => f.name)
			);
		}
	}
}

/** Rebuilds `events` from the loaded files with a new mapping or options. */
export async function remap(
	duck: Database,
	loaded: LoadedFiles,
	input: DatasetInput,
	opts: IngestOptions = {}
): Promise<IngestReport> {
	if (!(await duck.tableExists(loaded.sample))) throw new Error('No dataset is loaded.');
	await dropStaging(duck, null);
	try {
		for (const r of loaded.reloads) {
			if (opts.isCancelled?.()) throw new CancelledError();
			await duck.exec(`DROP TABLE IF EXISTS ${ident(r.table)}`);
			await loadTable(duck, r.source, r.format, r.table, {
				isCancelled: opts.isCancelled,
				onBytes: (bytesRead) =>
					opts.onProgress?.({ phase: 'reading', file: r.source.name, bytesRead, bytesTotal: r.source.size })
			});
		}
		const { report } = await buildEvents(duck, { loaded, firstRead: null }, input, opts);
		await commitStaging(duck, loaded.prefix);
		return report;
	} catch (e) {
		await dropStaging(duck, null);
		throw inUserTerms(
			e,
			loaded.files.map((f) => f.name)
		);
	} finally {
		await dropReloads(duck, loaded);
	}
}

/** Drops the tables JSON and Parquet files were decoded into: `events` holds their rows now. */
async function dropReloads(duck: Database, loaded: LoadedFiles) {
	for (const r of loaded.reloads) await duck.exec(`DROP TABLE IF EXISTS ${ident(r.table)}`);
}

async function tables(duck: Database, where: string): Promise<string[]> {
	return (
		await duck.rows<{ name: string }>(`SELECT table_name AS name FROM duckdb_tables() WHERE ${where}`)
	).map((r) => r.name);
}

/** Drops the staged `events` and scratch tables, and with `prefix` every table of that (failed) load. */
async function dropStaging(duck: Database, prefix: string | null) {
	const names = await tables(duck, `suffix(table_name, ${literal(STAGE)})`);
	if (prefix) names.push(...(await tables(duck, `starts_with(table_name, ${literal(prefix)})`)));
	for (const name of names) await duck.exec(`DROP TABLE IF EXISTS ${ident(name)}`);
}

/** Puts the staged `events` in force and drops the tables of every other load. */
async function commitStaging(duck: Database, prefix: string) {
	await duck.exec('BEGIN TRANSACTION');
	try {
		await duck.exec(`DROP TABLE IF EXISTS ${ident(EVENTS)}`);
		await duck.exec(`ALTER TABLE ${ident(EVENTS + STAGE)} RENAME TO ${ident(EVENTS)}`);
		const others = await tables(
			duck,
			`regexp_matches(table_name, '^__g[0-9]+_') AND NOT starts_with(table_name, ${literal(prefix)})`
		);
		for (const name of others) await duck.exec(`DROP TABLE ${ident(name)}`);
		await duck.exec('COMMIT');
	} catch (e) {
		await duck.exec('ROLLBACK');
		throw e;
	}
}

/** Reads (first load) or re-reads (remap) every row into the staged `events`, cleans it and reports. */
async function buildEvents(
	duck: Database,
	prepared: Prepared,
	input: DatasetInput,
	opts: IngestOptions
): Promise<{ report: IngestReport; loaded: LoadedFiles }> {
	const progress = (phase: IngestProgress['phase']) =>
		opts.onProgress?.({ phase, bytesRead: 1, bytesTotal: 1 });
	progress('mapping');
	const first = prepared.firstRead;
	const loaded = first ? await sampleFiles(duck, first.parts, first.prefix) : prepared.loaded!;
	const names = (await columnNames(duck, loaded.sample)).filter((n) => n !== C.file);
	const E = ident(EVENTS + STAGE);

	// The first read also records the lines the CSV reader rejects; a remap reads the kept source again.
	let read = first ? unionOf(await partSelects(duck, first.parts, true)) : loaded.source;
	let plan = await makePlan(duck, loaded, input, names);
	let times: TimeCounts;
	for (let attempt = 0; ; attempt++) {
		if (opts.isCancelled?.()) throw new CancelledError();
		await readInto(duck, read, plan, loaded, first && attempt === 0 ? first.parts : [], opts);
		if (first && attempt === 0) {
			await awaitScans(first.parts);
			await countFirstRead(duck, first.parts, loaded);
			const again = partsToReread(first.parts);
			if (again.length > 0) throw new RereadNeeded(again);
		}
		const settled = await settleTypes(duck, loaded, plan.dataset);
		if (first && attempt === 0) {
			await countColumns(duck, loaded, names);
			read = loaded.source;
		}
		progress('building');
		plan = await settleTimes(duck, plan, opts);
		times = (
			await duck.rows<TimeCounts>(
				`SELECT count(*)::BIGINT AS total, count(${ident(C.time)})::BIGINT AS valid,
			   epoch_ms(min(${ident(C.time)})) AS lo, epoch_ms(max(${ident(C.time)})) AS hi FROM ${E}`
			)
		)[0];
		// An id read without its `.0` that later rows show is text is read again as written (happens once).
		const next = (await recheck(duck, plan, loaded, input, names, times)) ?? (settled ? null : plan);
		if (!next || (attempt >= 2 && settled)) break;
		await duck.exec(`DROP TABLE ${E}`);
		plan = next;
	}
	const { dataset } = plan;
	const m = dataset.columns;

	const valid = m.time ? times.valid : times.total;
	const timeFormat = plan.timeFormat;
	const badTimeExamples: RejectedRow[] =
		valid < times.total
			? await dropUnreadableTimes(duck, m.time!, (v) => unreadableTimeReason(v, timeFormat))
			: [];
	const duplicates = await dropDuplicates(duck, dataset.dedupe ?? 'none', names, opts);
	const filtered = await applyFilters(duck, dataset.filters);
	if (opts.isCancelled?.()) throw new CancelledError();
	const identity = m.anonymous ? await resolveIdentities(duck, opts) : null;
	await assignUserKeys(duck, opts);
	if ((await stagedRows(duck)) === 0) {
		throw new Error(
			valid === 0
				? 'No row has a readable time. Check the time column and its unit in the mapping panel.'
				: 'The filters removed every row. Loosen the filters in the mapping panel.'
		);
	}

	progress('summarising');
	const stats: BuildStats = {
		dataset,
		timeFormat: plan.timeFormat,
		timeNotes: plan.timeNotes,
		loadedRows: times.total,
		badTime: times.total - valid,
		badTimeExamples,
		duplicates,
		filtered,
		identity
	};
	return { report: await buildReport(duck, EVENTS + STAGE, loaded, stats), loaded };
}
