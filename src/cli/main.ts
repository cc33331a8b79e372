import type { Stats } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../lib/engine/node-duck.ts';
import { EngineCore } from '../lib/engine/core.ts';
import type { DatasetInput } from '../lib/engine/ingest/index.ts';
import type { IngestReport } from '../lib/engine/ingest/report.ts';
import type { SourceFile } from '../lib/engine/source.ts';
import type { Database } from '../lib/engine/duck.ts';
import type { ColumnMapping } from '../lib/spec/types.ts';
import { validateRunnable } from '../lib/analyses/spec.ts';
import { terminalJson, terminalText } from './terminal-text.ts';
import {
	duplicatesNotCheckedMessage,
	duplicatesRule,
	noUserMessage,
	userMessage,
	type MessageContext
} from '../lib/messages.ts';
import { defaultDedupe } from '../lib/spec/defaults.ts';
import { typeInWords } from '../lib/sql/type-names.ts';

const HELP = `footfall: behavioral analytics on your own machine

Usage:
  footfall inspect FILE... [--map user=COL,time=COL,event=COL,id=COL,anonymous=COL]
                           [--tz ZONE] [--source-tz ZONE] [--dedupe id|row|none] [--json]
                           [--engine wasm|native [--threads N] [--memory-limit SIZE]]
      Load one or more exports (CSV, TSV, JSON, JSONL, Parquet, gzipped or not) and print the ingest report.
      --tz is the zone of calendar days and weeks; --source-tz the zone of times written without one
      (default: UTC for Amplitude, Snowplow and Segment exports, else --tz). --dedupe drops rows with a
      repeated event id (id, the default with an id column), rows identical in every column (row), or
      nothing (none, the default without one).
  footfall run SPEC.json [--json] [--out FILE]
                         [--engine wasm|native [--threads N] [--memory-limit SIZE]]
      Run the analysis in SPEC.json ({ "dataset": {...}, "analysis": {...} }; file paths relative to it)
      and print its result.
  --engine wasm (the default) is the browser's engine, DuckDB-WASM: one thread, memory up to 4 GB.
  --engine native is native DuckDB: every core, spilling to disk, for data past what a tab holds;
      the same ingest and SQL, so the same results; with more than one thread the last digits of sums
      of decimal numbers can differ (--threads 1 gives the browser's results exactly).
      --memory-limit SIZE (such as 8GB or 500MB) is the most memory it holds before spilling to disk
      (default: 80% of this machine's memory).
  footfall --help

Exit status: 0 on success, 1 on bad input (the message says what is wrong), 2 on bad usage.`;

class UsageError extends Error {}

/** The line after a usage error. */
const USAGE_HINT = 'Run "footfall --help" for the commands and their options.';

/** A size DuckDB's `memory_limit` accepts: a number and a unit, decimal (KB…TB) or binary (KiB…TiB). */
const MEMORY_SIZE = /^\d+(\.\d+)?\s*(B|[KMGT]i?B)$/i;

interface Parsed {
	positional: string[];
	flags: Map<string, string | true>;
}

function parseArgs(args: string[], withValue: string[], switches: string[]): Parsed {
	const positional: string[] = [];
	const flags = new Map<string, string | true>();
	for (let i = 0; i < args.length; i++) {
		const a = args[i];
		if (a.startsWith('--')) {
			const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
			if (withValue.includes(name)) {
				const v = inline ?? args[++i];
				if (v === undefined) throw new UsageError(`--${name} needs a value`);
				flags.set(name, v);
			} else if (switches.includes(name)) {
				if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
				flags.set(name, true);
			} else throw new UsageError(`unknown option --${name}`);
		} else positional.push(a);
	}
	return { positional, flags };
}

const ROLES = ['user', 'time', 'event', 'id', 'anonymous', 'session'] as const;

export function parseMap(text: string): Partial<ColumnMapping> {
	const out: Partial<Record<(typeof ROLES)[number], string | null>> = {};
	for (const part of text.split(',')) {
		const eq = part.indexOf('=');
		if (eq < 0) throw new UsageError(`--map takes role=COLUMN pairs, got "${part}"`);
		const role = part.slice(0, eq).trim() as (typeof ROLES)[number];
		const col = part.slice(eq + 1).trim();
		if (!ROLES.includes(role)) throw new UsageError(`--map: "${role}" is not a role (${ROLES.join(', ')})`);
		out[role] = col === '' || col === 'none' ? null : col;
	}
	return out as Partial<ColumnMapping>;
}

/** What the command is doing and with which files, for the error message (messages.ts). */
type Stage = Pick<MessageContext, 'doing' | 'files'>;

async function inspect(args: string[], out: (s: string) => void, stage: Stage): Promise<number> {
	const { positional, flags } = parseArgs(
		args,
		['map', 'tz', 'source-tz', 'dedupe', 'engine', 'threads', 'memory-limit'],
		['json']
	);
	if (positional.length === 0) throw new UsageError('inspect needs at least one FILE');
	const input: DatasetInput = {};
	const map = flags.get('map');
	if (typeof map === 'string') input.columns = parseMap(map);
	const tz = flags.get('tz');
	if (typeof tz === 'string') input.timezone = tz;
	const sourceTz = flags.get('source-tz');
	if (typeof sourceTz === 'string') input.sourceTimezone = sourceTz;
	const dedupe = flags.get('dedupe');
	if (dedupe !== undefined) {
		if (dedupe !== 'id' && dedupe !== 'row' && dedupe !== 'none')
			throw new UsageError(`--dedupe is id, row or none, not "${String(dedupe)}"`);
		input.dedupe = dedupe;
	}
	const sources = await Promise.all(positional.map((f) => openFile(f, f)));
	const core = new EngineCore(await openDatabase(flags));
	try {
		Object.assign(stage, { doing: 'load', files: sources.map((s) => s.name) });
		const loaded = await core.ingest(sources, input);
		const counts = new Map((await core.distinctCounts()).map((c) => [c.name, c.distinct]));
		const report = {
			...loaded,
			columns: loaded.columns.map((c) => ({ ...c, distinct: counts.get(c.name) ?? null }))
		};
		out(flags.has('json') ? terminalJson(JSON.stringify(report, null, 2)) : formatReport(report));
		return 0;
	} finally {
		await core.duck.close();
	}
}

/**
 * The database `--engine` names: DuckDB-WASM (`wasm`, the default: the browser's engine) or native DuckDB
 * (`native`, loaded only when asked for: @duckdb/node-api is a development dependency) on `--threads`
 * threads (default: every core) with `--memory-limit` (DuckDB's `memory_limit`, such as `8GB`; default 80%
 * of the machine's memory). Throws a UsageError for any other engine, a thread count that is not a whole
 * number from 1 to 1024, a size DuckDB would not read as one (MEMORY_SIZE), or `--threads` or
 * `--memory-limit` without `--engine native`.
 */
async function openDatabase(flags: Map<string, string | true>): Promise<Database> {
	const engine = flags.get('engine') ?? 'wasm';
	const threads = flags.get('threads');
	if (engine !== 'wasm' && engine !== 'native') {
		throw new UsageError(`--engine is wasm or native, not "${String(engine)}"`);
	}
	const memoryLimit = flags.get('memory-limit');
	if (threads !== undefined && engine !== 'native') throw new UsageError('--threads needs --engine native');
	if (memoryLimit !== undefined && engine !== 'native') {
		throw new UsageError('--memory-limit needs --engine native (the browser engine has a fixed 4 GB)');
	}
	if (memoryLimit !== undefined && (typeof memoryLimit !== 'string' || !MEMORY_SIZE.test(memoryLimit))) {
		throw new UsageError(`--memory-limit is a size such as 8GB or 500MB, not "${String(memoryLimit)}"`);
	}
	if (engine === 'wasm') return createNodeDuck();
	const n = threads === undefined ? undefined : Number(threads);
	if (n !== undefined && !(Number.isInteger(n) && n >= 1 && n <= 1024)) {
		throw new UsageError(`--threads is a whole number from 1 to 1024, not "${String(threads)}"`);
	}
	return (await import('../lib/engine/native-duck.ts')).createNativeDuck({
		threads: n,
		...(memoryLimit ? { memoryLimit } : {})
	});
}

async function run(args: string[], out: (s: string) => void, stage: Stage): Promise<number> {
	const { positional, flags } = parseArgs(args, ['out', 'engine', 'threads', 'memory-limit'], ['json']);
	if (positional.length !== 1) throw new UsageError('run needs exactly one SPEC.json');
	const specPath = path.resolve(positional[0]);
	let json: unknown;
	try {
		// Windows editors save UTF-8 with a byte order mark, which JSON.parse refuses.
		json = JSON.parse((await readFile(specPath, 'utf8')).replace(/^\uFEFF/, ''));
	} catch (e) {
		const why = e instanceof SyntaxError ? 'not valid JSON: ' + e.message : fileProblem(e);
		throw new Error(`${terminalText(positional[0])}: ${why}`, { cause: e });
	}
	const spec = validateRunnable(json);
	const dir = path.dirname(specPath);
	const sources = await Promise.all(
		spec.dataset.files.map((f) => openFile(`${positional[0]}: dataset file ${f}`, path.resolve(dir, f)))
	);
	const core = new EngineCore(await openDatabase(flags));
	const { files: _files, ...input } = spec.dataset;
	Object.assign(stage, { doing: 'load', files: sources.map((s) => s.name) });
	let result;
	try {
		await core.ingest(sources, input);
		stage.doing = 'analysis';
		result = await core.result(spec.analysis);
	} finally {
		await core.duck.close();
	}
	// The result is JSON either way; --json is accepted so scripts can pass it to both commands.
	const text = terminalJson(JSON.stringify(result, null, 2));
	const outFile = flags.get('out');
	if (typeof outFile === 'string') await writeFile(outFile, text + '\n');
	else out(text);
	return 0;
}

/** Node's "ENOENT: no such file or directory, stat '/abs/path'" said the way a person would. */
function fileProblem(e: unknown): string {
	switch ((e as NodeJS.ErrnoException).code) {
		case 'ENOENT':
			return 'no such file';
		case 'EACCES':
		case 'EPERM':
			return 'permission denied';
		case 'EISDIR':
			return 'is a directory, not a file';
		default:
			return e instanceof Error ? e.message : String(e);
	}
}

async function openFile(shown: string, filePath: string): Promise<SourceFile> {
	let info: Stats;
	try {
		info = await stat(filePath);
	} catch (e) {
		// Escaped here: the message function drops control characters, and the reader needs to see them to
		// tell which file was meant.
		throw new Error(`${terminalText(shown)}: ${fileProblem(e)}`, { cause: e });
	}
	if (!info.isFile()) throw new Error(`${terminalText(shown)}: not a file`);
	return nodeSource(filePath);
}

/** "0 dropped (repeated event ids)", or that none were looked for (dedupe off) and how to look. */
function duplicates(r: IngestReport): string {
	const rule = duplicatesRule(r.dataset.dedupe ?? defaultDedupe(r.mapping));
	return rule ? `${r.duplicates.toLocaleString('en')} dropped (${rule})` : duplicatesNotCheckedMessage('cli');
}

function formatReport(r: IngestReport): string {
	const n = (x: number) => x.toLocaleString('en');
	const lines = [
		`Files:        ${r.files
			.map(
				(f) =>
					`${f.name} (${[f.format, f.encoding, `${n(f.rows)} rows`, f.truncated ? 'cut off' : ''].filter(Boolean).join(', ')})`
			)
			.join(', ')}`,
		r.vendor ? `Layout:       ${r.vendor}` : null,
		`Mapping:      ${Object.entries(r.mapping)
			.filter(([, v]) => v)
			.map(([k, v]) => `${k}=${v}`)
			.join(', ')}`,
		`Rows kept:    ${n(r.rows)} of ${n(r.loadedRows)} read` +
			(r.noUser > 0 ? `; ${noUserMessage(r.noUser)}` : ''),
		`Duplicates:   ${duplicates(r)}`,
		`Rejected:     ${n(r.rejected)}`,
		`Filtered:     ${n(r.filtered)}`,
		`No user id:   ${n(r.noUser)}`,
		r.placeholders.length > 0
			? `Placeholders: ${r.placeholders.map((p) => `${p.column} ${JSON.stringify(p.value)} in ${n(p.rows)} rows`).join(', ')} (read as no id)`
			: null,
		`Users:        ${n(r.users)}`,
		`Event names:  ${n(r.events)}`,
		`Time range:   ${r.firstTime ?? '-'} to ${r.lastTime ?? '-'} (UTC)`,
		'',
		'Columns:',
		...r.columns.map(
			(c) =>
				`  ${c.name.padEnd(28)} ${typeInWords(c.type).padEnd(14)} ${(c.role ?? '').padEnd(10)} ${(c.nullRate * 100).toFixed(1).padStart(5)}% empty` +
				(c.distinct === null ? '' : `  ${n(c.distinct).padStart(11)} distinct`)
		),
		'',
		'Top events:',
		...r.topEvents.slice(0, 10).map((e) => `  ${n(e.count).padStart(10)}  ${e.event}`)
	];
	if (r.rejectedExamples.length > 0) {
		lines.push('', 'First rejected rows:');
		for (const x of r.rejectedExamples.slice(0, 5)) {
			lines.push(`  ${x.file}${x.line ? `:${x.line}` : ''}  ${x.reason}`);
		}
	}
	// Each line is one line: names and values from the file cannot move the cursor or forge a line.
	return lines
		.filter((l) => l !== null)
		.map(terminalText)
		.join('\n');
}

export async function main(
	argv: string[],
	out: (s: string) => void = (s) => process.stdout.write(s + '\n'),
	err: (s: string) => void = (s) => process.stderr.write(s + '\n')
): Promise<number> {
	const [command, ...rest] = argv;
	const stage: Stage = {};
	try {
		switch (command) {
			case 'inspect':
				return await inspect(rest, out, stage);
			case 'run':
				return await run(rest, out, stage);
			case undefined:
			case '--help':
			case '-h':
			case 'help':
				out(HELP);
				return command === undefined ? 2 : 0;
			default:
				throw new UsageError(`unknown command "${command}"`);
		}
	} catch (e) {
		if (e instanceof UsageError) {
			// The error and where to look, not the whole help: the reader's mistake stays on screen.
			err(`footfall: ${terminalText(e.message)}\n${USAGE_HINT}`);
			return 2;
		}
		err(`footfall: ${terminalText(userMessage(e, stage))}`);
		return 1;
	}
}
