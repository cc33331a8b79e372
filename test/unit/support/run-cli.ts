import { expect } from 'vitest';
import { main } from '../../../src/cli/main.ts';

/** One in-process run of `footfall` (src/cli/main.ts): its exit code and the lines it wrote to each stream. */
export interface CliRun {
	code: number;
	out: string[];
	err: string[];
}

/** Runs `footfall ...argv` in this process, as `npx footfall` would, collecting stdout and stderr by line. */
export async function runCli(...argv: string[]): Promise<CliRun> {
	const out: string[] = [];
	const err: string[] = [];
	const code = await main(
		argv,
		(s) => out.push(s),
		(s) => err.push(s)
	);
	return { code, out, err };
}

/** The same run with each stream joined into one text, as a terminal shows it. */
export async function runCliText(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
	const { code, out, err } = await runCli(...argv);
	return { code, out: out.join('\n'), err: err.join('\n') };
}

/** `footfall ...argv --json` parsed; fails the test unless it exits 0 with nothing on stderr. */
export async function cliJson(...argv: string[]): Promise<ReturnType<typeof JSON.parse>> {
	const { code, out, err } = await runCli(...argv, '--json');
	expect({ code, err }).toEqual({ code: 0, err: [] });
	return JSON.parse(out.join('\n'));
}
