/**
 * The native engine's temporary directories (the links to the user's files, and DuckDB's spill files under
 * `.spill`): removed when the process ends however it can still act, and swept by the next process when it
 * could not. Spill files of a large load run to gigabytes, so a killed run must not leave them for good.
 */
import { lstatSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What every directory's name starts with: `footfall-native-<pid>-<random>`. */
export const TEMP_PREFIX = 'footfall-native-';
const NAME = /^footfall-native-(\d+)-/;
/** The signals a terminal or a process manager ends a run with; each one would skip the `exit` event. */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** This process's directories not yet removed: one set for the process, as the exit and signals are. */
const live = new Set<string>();

/**
 * A new temporary directory under `parent` (the system's by default), its real path ending in `/`, named for
 * this process. It is removed by removeTempDir, or when the process exits (normally, by `process.exit`, or by
 * an uncaught error) or is ended by SIGINT, SIGTERM or SIGHUP, after which the process still dies by that
 * signal unless something else listens for it. A process killed outright (SIGKILL, a crash of DuckDB itself)
 * cannot clean up: the next call, in any process, first sweeps the directories of processes that are gone
 * (sweepStaleTempDirs). Throws what `mkdtemp` throws (an unwritable `parent`).
 */
export function makeTempDir(parent = os.tmpdir()): string {
	sweepStaleTempDirs(parent);
	const dir = realpathSync(mkdtempSync(path.join(parent, `${TEMP_PREFIX}${process.pid}-`))) + '/';
	if (live.size === 0) listen();
	live.add(dir);
	return dir;
}

/** Removes a directory of makeTempDir with everything in it (links, not the files they point to). */
export function removeTempDir(dir: string): void {
	rmSync(dir, { recursive: true, force: true });
	live.delete(dir);
	if (live.size === 0) unlisten();
}

/**
 * Removes the directories in `parent` that a native engine made for a process that no longer runs (by the
 * process id in the name), and returns their paths. Leaves alone a directory of a running process, one of
 * another user, a link, and any name not of makeTempDir's making. A process id reused by a new process
 * keeps its old directory until that process ends too: a leftover, never a directory in use, is lost.
 */
export function sweepStaleTempDirs(parent = os.tmpdir()): string[] {
	let names: string[];
	try {
		names = readdirSync(parent);
	} catch {
		return [];
	}
	const removed: string[] = [];
	for (const name of names) {
		const pid = NAME.exec(name)?.[1];
		if (!pid || running(Number(pid))) continue;
		const dir = path.join(parent, name);
		try {
			const info = lstatSync(dir);
			if (!info.isDirectory() || info.uid !== (process.getuid?.() ?? info.uid)) continue;
			rmSync(dir, { recursive: true, force: true });
			removed.push(dir);
		} catch {
			// Removed meanwhile by another process sweeping, or not ours to remove: either way, not ours to report.
		}
	}
	return removed;
}

/** Whether process `pid` exists: signal 0 only checks; EPERM means it runs under another user. */
function running(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function removeAll(): void {
	for (const dir of live) rmSync(dir, { recursive: true, force: true });
	live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
	removeAll();
	unlisten();
	// Listening took away Node's default for the signal (ending the process by it): give it back.
	if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function listen(): void {
	process.on('exit', removeAll);
	for (const s of SIGNALS) process.on(s, onSignal);
}

function unlisten(): void {
	process.off('exit', removeAll);
	for (const s of SIGNALS) process.off(s, onSignal);
}
