/**
 * What DuckDB may touch: only the files the user gave it. A file is data, never code, but should text from a
 * file ever reach SQL unquoted, the statement it smuggles in still cannot read another file, write one, load an
 * extension or reach the network.
 */
import { literal } from '../sql/quote.ts';

/**
 * The directory every dropped or named file is registered under, and the only one DuckDB may open. A
 * registered name is this prefix followed by a name the engine makes (`__g<n>_file<i>`: no user text, no
 * extension); see ingest/sources.ts. DuckDB matches the prefix after normalising the path, so `..` cannot
 * climb out of it.
 */
export const INPUT_DIR = '/inputs/';

export interface LockdownOptions {
	/**
	 * Lock the configuration so no later statement can change any setting (default true). Only tests that
	 * lower DuckDB's memory limit to stand in for a full browser heap turn it off; everything else stays shut.
	 */
	lockConfiguration?: boolean;
	/** The one directory DuckDB may read (FileHost.dir); INPUT_DIR unless given. */
	inputDir?: string;
}

/**
 * The statements that confine a fresh database; run once, before any file is registered. Measured on
 * DuckDB-WASM 1.32 / engine 1.4.3, in Node and in Chromium:
 * - `allowed_directories` then `enable_external_access = false`: `read_csv('/etc/passwd')`,
 *   `read_csv('https://…')`, `COPY … TO`, `ATTACH`, `EXPORT DATABASE` and `LOAD` fail with "Permission
 *   Error: … disabled by configuration", while registered files under INPUT_DIR still read. External access
 *   cannot be switched back on while the database runs, and the allowed directories cannot change after it.
 * - `lock_configuration = true`: any later SET or RESET fails ("the configuration has been locked").
 * - Extensions are never installed or loaded on demand (offline that would hang; see ARCHITECTURE).
 * `disabled_filesystems` is not used: this build has one file system (`WebFileSystem`) for registered files,
 * local paths and HTTP alike, and DuckDB accepts any name there without checking it, so it would add nothing.
 * `temp_directory` is empty in DuckDB-WASM: it never spills to disk.
 */
export function lockdownSql(opts: LockdownOptions = {}): string {
	return [
		'SET autoinstall_known_extensions = false',
		'SET autoload_known_extensions = false',
		`SET allowed_directories = [${literal(opts.inputDir ?? INPUT_DIR)}]`,
		'SET enable_external_access = false',
		...(opts.lockConfiguration === false ? [] : ['SET lock_configuration = true'])
	].join('; ');
}
