/**
 * The one place an error becomes the sentence a person reads, for the page and the command line alike.
 * Pure: no DuckDB, no DOM.
 */

/** What was being done when the error happened, and what the reader knows about. */
export interface MessageContext {
	/** Decides the advice: a load, the background sessions build, or running an analysis. */
	doing?: 'load' | 'sessions' | 'analysis';
	/** The user's file names in load order: the engine's aliases of them (`__g1_file0_…`) are shown as these. */
	files?: readonly string[];
	/** A dataset loaded earlier is still in force (the page after a failed load): the message says so. */
	previousKept?: boolean;
	/**
	 * The engine's memory limit where the user sets it (native DuckDB's `--memory-limit`, Database.memoryLimit):
	 * running out of memory then names it and says how to raise it, instead of the tab's fixed heap.
	 */
	memoryLimit?: string;
}

/** Longest message shown; longer ones (a 3 MB value inside a DuckDB error) are cut at a word. */
const MAX_LENGTH = 500;
/** Quoted values longer than this inside a message are shortened to SHORT_QUOTED characters and "…". */
const MAX_QUOTED = 80;
const SHORT_QUOTED = 60;

/**
 * DuckDB's error classes, as they start its messages (`Binder Error: …`); from DuckDB's `ExceptionType`
 * names (src/common/exception.cpp).
 */
const DUCKDB_CLASS =
	/\b(?:Invalid Input|Invalid Configuration|Invalid type|Invalid|Out of Range|Out of Memory|Conversion|Unknown Type|Decimal|Mismatch Type|Divide by Zero|Object Size|Serialization|TransactionContext|Not implemented|Expression|Catalog|Parser|Planner|Scheduler|Executor|Constraint|Index|Stat|Connection|Syntax|Settings|Binder|Network|Optimizer|NullPointer|IO|INTERRUPT|FATAL|INTERNAL|Permission|Parameter Not Resolved|Parameter Not Allowed|Dependency|HTTP|Missing Extension|Extension Autoloading|Sequence) Error: /g;

/**
 * The message to show for `error`: in the user's words, naming their file (never the engine's aliases,
 * tables such as `events__stage` or columns such as `__user`), without DuckDB's class names, its
 * `LINE 1:` query excerpt and caret, or JavaScript internals, and saying what to do. One line, at most
 * MAX_LENGTH characters, control characters removed. Calling it again on its own result gives the same
 * text, so the engine may word an error and the page or CLI pass it through here once more.
 */
export function userMessage(error: unknown, ctx: MessageContext = {}): string {
	const raw = error instanceof Error ? error.message : String(error ?? 'Unknown error');
	const name = error instanceof Error ? error.name : '';
	let text: string;
	if (name === 'CancelledError' || /^(Cancelled|INTERRUPT Error: Interrupted!?)$/.test(raw.trim())) {
		text = 'Cancelled.';
	} else if (isOutOfMemoryText(raw)) {
		text = outOfMemory(ctx);
	} else if (/Maximum call stack size exceeded|too much recursion/i.test(raw)) {
		text =
			'A value in this data is nested too deeply to read. Flatten or drop the deepest fields in the export, then load it again.';
	} else if (/^Invalid (string|array|typed array) length/.test(raw)) {
		text =
			'A line or value in this data is too large to read (hundreds of megabytes). Split the file or drop that field, then load it again.';
	} else if (isEngineTrap(error, raw)) {
		text =
			'The analytics engine stopped on this data and had to restart. Try again; if it happens again, load a smaller part of the data and report the problem.';
	} else if (isJavaScriptBug(error, raw)) {
		text =
			'Footfall failed on this data where it should have said what is wrong. Try again; if it happens again, please report it with the first lines of the file.';
	} else {
		text = fromDuckDb(raw, ctx);
	}
	if (ctx.doing === 'sessions' && !text.startsWith(SESSIONS_PREFIX) && text !== 'Cancelled.') {
		text = SESSIONS_PREFIX + lowerFirst(text);
	}
	return tidy(withFile(text, ctx));
}

const SESSIONS_PREFIX = 'Sessions could not be computed: ';

/** DuckDB's out-of-memory error, or the browser failing to grow WebAssembly memory or an array buffer. */
export function isOutOfMemoryText(text: string): boolean {
	return /Out of Memory Error|could not allocate|Array buffer allocation failed|out of memory/i.test(text);
}

function outOfMemory(ctx: MessageContext): string {
	if (ctx.memoryLimit) return nativeOutOfMemory(ctx, ctx.memoryLimit);
	if (ctx.doing === 'sessions') {
		return (
			SESSIONS_PREFIX +
			'there is not enough memory for them with this many events (Footfall has about 3 GB to work in). ' +
			'The report and the analyses that do not use sessions still work.'
		);
	}
	if (ctx.doing === 'analysis') {
		return (
			'This analysis needs more memory than Footfall has (about 3 GB). Narrow it (a shorter date range, fewer ' +
			'periods, no breakdown) or load less data.'
		);
	}
	return (
		'This data needs more memory than Footfall has (about 3 GB): about 10 million events of a typical CSV ' +
		'export fit (fewer from JSON or Parquet, which are held twice). Load fewer files or a shorter date range, ' +
		'or filter the export first.' +
		(ctx.previousKept ? ' The previous dataset is still loaded.' : '')
	);
}

/**
 * Native DuckDB ran out of memory: past its limit it spills to disk, so what is left is a step that could
 * not spill (DuckDB's list aggregates and window partitions are held in memory) or a full disk.
 */
function nativeOutOfMemory(ctx: MessageContext, limit: string): string {
	const [what, narrow] =
		ctx.doing === 'sessions'
			? [SESSIONS_PREFIX + 'they need', '']
			: ctx.doing === 'analysis'
				? ['This analysis needs', ', or narrow the analysis (a shorter date range, no breakdown)']
				: ['This data needs', ', or load fewer files'];
	return (
		`${what} more memory than DuckDB's limit of ${limit}, even spilling to disk. Raise the limit with ` +
		'--memory-limit (for example 16GB, below the memory this machine has), use fewer threads (--threads 1 ' +
		`needs the least)${narrow}.`
	);
}

/** A WebAssembly trap (DuckDB's "divide by zero", "unreachable", an abort): the engine cannot go on. */
function isEngineTrap(error: unknown, raw: string): boolean {
	return (
		(error instanceof Error && error.name === 'RuntimeError') ||
		/^(divide by zero|integer overflow|unreachable|memory access out of bounds|RuntimeError\b.*|Aborted\(.*|DuckDB failed: .*)$/is.test(
			raw.trim()
		)
	);
}

/** JavaScript's own errors (a bug of ours reached by odd data): their text means nothing to a reader. */
function isJavaScriptBug(error: unknown, raw: string): boolean {
	// By name: an error that crossed from the worker is a plain Error carrying the original name.
	if (error instanceof Error && (error.name === 'TypeError' || error.name === 'ReferenceError')) return true;
	return /Cannot read propert(y|ies) of (undefined|null)|is not a function|is not iterable|is not defined$/.test(
		raw
	);
}

const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s);

const TYPE_WORDS: [RegExp, string][] = [
	[/^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?(8|16|32|64|128)?|UHUGEINT)$/i, 'a whole number'],
	[/^(DOUBLE|FLOAT|REAL|DECIMAL.*|NUMERIC.*)$/i, 'a number'],
	[/^DATE$/i, 'a date'],
	[/^TIMESTAMP.*$/i, 'a time'],
	[/^(BOOL|BOOLEAN)$/i, 'true or false']
];

/** A DuckDB message (or one of ours, which passes unchanged) in the user's terms. */
function fromDuckDb(raw: string, ctx: MessageContext): string {
	const fromDuck = new RegExp(DUCKDB_CLASS.source).test(raw);
	// DuckDB follows the first line with the query excerpt (`LINE 1: …` and a caret) or with hints.
	let text = raw.replace(/\n\s*LINE \d+:[\s\S]*$/, '');
	const csvLine = /CSV Error on Line: (\d+)\s*\n/.exec(text);
	if (csvLine) text = csvReason(text, Number(csvLine[1]));
	text = text
		.replace(DUCKDB_CLASS, '')
		.replace(/\s*Candidate bindings:[\s\S]*$/, '')
		.replace(/\s*Did you mean[\s\S]*$/, '');
	text = internalNames(text, ctx.files ?? []);

	const column =
		/Referenced column "([^"]*)" not found/.exec(text) ??
		/does not have a column named "([^"]*)"/.exec(text) ??
		/Column with name ([^ ]+) does not exist/.exec(text);
	if (column) return `The column "${column[1]}" is not in the data. ${advice(ctx)}`;
	const convert = /Could not convert string ['"](.*?)['"] to '?([A-Z0-9_]+)'?/s.exec(text);
	if (convert) {
		const word = TYPE_WORDS.find(([re]) => re.test(convert[2]))?.[1] ?? `of type ${convert[2]}`;
		return `The value "${convert[1]}" is not ${word}. ${advice(ctx)}`;
	}
	// Under the engine's lockdown (engine/lockdown.ts) a file no longer registered is refused as "Cannot access
	// file … disabled by configuration": to the user, the same as a file that went away.
	if (
		/No files found that match the pattern|Cannot open file|No such file or directory|Cannot access file/.test(
			text
		)
	) {
		const file = ctx.files?.length === 1 ? ctx.files[0] : 'A file';
		return `${file} can no longer be read (it was moved, deleted or is still being written). Choose it again.`;
	}
	if (/Table with name .* does not exist/.test(text) || /Table "the data" does not exist/.test(text)) {
		return 'The loaded data is no longer in the engine. Load the file again.';
	}
	text = text.trim().replace(/\n[\s\S]*$/, '');
	if (!fromDuck) return text;
	return `${text.replace(/[.!]?$/, '.')} ${advice(ctx)}`;
}

/** DuckDB's CSV errors put the reason on a later line than "CSV Error on Line: N". */
function csvReason(text: string, line: number): string {
	const lines = text.split('\n').map((l) => l.trim());
	const reason = lines
		.slice(1)
		.find(
			(l) =>
				l !== '' &&
				!/^(Original Line|Possible fixes|The search space|Parser options|\*|file=|delimiter|quote|escape|header|skip|comment|date_?format|timestamp_?format|null_padding|sample_size|ignore_errors|all_varchar|\()/i.test(
					l
				)
		);
	const head = lines[0].replace(/CSV Error on Line: \d+/, '').replace(/:\s*$/, '');
	return `${head ? head + ': ' : ''}line ${line} of the file cannot be read${reason ? ` (${reason.replace(/\.$/, '')})` : ''}.`;
}

function advice(ctx: MessageContext): string {
	switch (ctx.doing) {
		case 'analysis':
			return 'Check the analysis settings (breakdown, filters) against the columns in the report.';
		case 'sessions':
			return 'The report and the analyses that do not use sessions still work.';
		default:
			return 'Check the file and the column mapping, then load it again.';
	}
}

/** The engine's columns (schema.ts) by what they hold. A Map: `__proto__` in a message is just text. */
const CANONICAL = new Map([
	['__user', 'the user id'],
	['__ukey', 'the user'],
	['__anon', 'the anonymous id'],
	['__uph', 'the user id'],
	['__aph', 'the anonymous id'],
	['__time', 'the time'],
	['__local', 'the local time'],
	['__event', 'the event name'],
	['__id', 'the event id'],
	['__row', 'the row number'],
	['__file', 'the file name'],
	['__session', 'the session']
]);

/** The engine's own table and column names replaced by what they stand for. */
function internalNames(text: string, files: readonly string[]): string {
	const fileName = (i: string, fallback: string) => files[Number(i)] ?? fallback;
	return text
		.replace(/"?(?:\/inputs\/)?__g\d+_file(\d+)(?:_([^\s"',)]+))?"?/g, (_m, i: string, tail?: string) =>
			fileName(i, tail ?? 'the file')
		)
		.replace(/"?__g\d+_(?:part|rejects|scan)(\d+)\w*"?/g, (_m, i: string) => fileName(i, 'the file'))
		.replace(
			/"?\b(?:\w*__stage|__g\d+_\w+|__derived_\w+|\w+__footfall_batch|\w+__lines|\w+__text)\b"?/g,
			'the data'
		)
		.replace(/\b[Tt]able "?events"?(?=[\s.:,!]|$)/g, 'the data')
		.replace(/"?\b(__[a-z]+)\b"?/g, (m, name: string) => CANONICAL.get(name) ?? m);
}

function withFile(text: string, ctx: MessageContext): string {
	const files = ctx.files ?? [];
	if (ctx.doing !== 'load' || files.length !== 1 || text === 'Cancelled.' || text.includes(files[0]))
		return text;
	return `${files[0]}: ${text}`;
}

/** Control characters (an ESC starts a terminal escape sequence) and bidirectional-text overrides. */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * One line: control characters (terminal escapes included) and bidirectional overrides removed, runs of
 * blanks made one space, long quoted values shortened, the whole cut at MAX_LENGTH.
 */
function tidy(text: string): string {
	let out = text
		.replace(INVISIBLE, '')
		.replace(/\s+/g, ' ')
		.trim()
		.replace(
			new RegExp(`(["'])([^"']{${MAX_QUOTED + 1},}?)\\1`, 'g'),
			(_m, q: string, inner: string) => `${q}${inner.slice(0, SHORT_QUOTED)}…${q}`
		);
	if (out.length > MAX_LENGTH) {
		const cut = out.lastIndexOf(' ', MAX_LENGTH - 1);
		out = out.slice(0, cut > MAX_LENGTH / 2 ? cut : MAX_LENGTH - 1) + '…';
	}
	return out;
}

export {
	churnTooShortMessage,
	missingColumnMessage,
	needsTimeMessage,
	noDataMessage,
	segmentMatchesNoUserMessage,
	waitingForDataMessage
} from './messages/analysis.ts';
export {
	DATES_ONLY_NOTE,
	duplicatesNotCheckedMessage,
	duplicatesRule,
	noUserMessage,
	sessionMedianText
} from './messages/report.ts';
