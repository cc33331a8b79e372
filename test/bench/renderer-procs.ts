// The renderer processes of a bench Chromium profile, read from Linux /proc: their ids, CPU time and peak
// resident memory (used by chromium-ingest.ts and ingest-trace.ts).
import { readdir, readFile } from 'node:fs/promises';

/** The profile's renderer processes: /proc ids whose command line names `profile`. */
export async function renderers(profile: string): Promise<string[]> {
	const out: string[] = [];
	for (const pid of await readdir('/proc').catch(() => [] as string[])) {
		if (!/^\d+$/.test(pid)) continue;
		const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
		if (cmd.includes('--type=renderer') && cmd.includes(profile)) out.push(pid);
	}
	return out;
}

/** ms of CPU (user + system, every thread) used so far by the renderer processes of `profile`. */
export async function rendererCpu(profile: string): Promise<number> {
	let ticks = 0;
	const pids = await renderers(profile);
	for (const pid of pids) {
		const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		ticks += Number(fields[11]) + Number(fields[12]);
	}
	// Linux counts in USER_HZ, 100 a second on every common build.
	return pids.length ? ticks * 10 : NaN;
}

/** The largest VmHWM (peak resident set) among the renderer processes of `profile`, in MB; null if none. */
export async function rendererPeak(profile: string): Promise<number | null> {
	let peak: number | null = null;
	for (const pid of await renderers(profile)) {
		const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
		const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
		if (Number.isFinite(kb)) peak = Math.max(peak ?? 0, kb / 1024);
	}
	return peak === null ? null : Math.round(peak);
}
