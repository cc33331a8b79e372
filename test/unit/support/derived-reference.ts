// The session reference (SEMANTICS §7) in plain TypeScript over the fixture rows; shares no code with
// src/lib/engine/derived.ts.
import { MINUTE, type Row } from './derived-fixture.ts';

export interface RefEvent {
	row: number;
	user: string | null;
	t: number;
	event: string;
	sid: string | null;
	props: Record<string, string | number | null>;
}

export interface RefSession {
	user: string;
	sid: string | null;
	rows: number[];
	start: number;
	end: number;
	firstEvent: string;
	lastEvent: string;
}

export const byTime = (a: RefEvent, b: RefEvent) => a.t - b.t || a.row - b.row;

/** SEMANTICS §7 written the obvious way: walk each user's events in order and cut at gaps over the limit. */
export function referenceSessions(events: RefEvent[], gapMinutes: number, withIds: boolean): RefSession[] {
	const perUser = new Map<string, RefEvent[]>();
	for (const e of events) {
		if (e.user === null) continue;
		if (!perUser.has(e.user)) perUser.set(e.user, []);
		perUser.get(e.user)!.push(e);
	}
	const out: RefSession[] = [];
	const close = (user: string, sid: string | null, list: RefEvent[]) =>
		out.push({
			user,
			sid,
			rows: list.map((e) => e.row),
			start: list[0].t,
			end: list[list.length - 1].t,
			firstEvent: list[0].event,
			lastEvent: list[list.length - 1].event
		});
	for (const [user, list] of perUser) {
		list.sort(byTime);
		const bySid = new Map<string, RefEvent[]>();
		let current: RefEvent[] = [];
		for (const e of list) {
			const sid = withIds && e.sid !== null && e.sid !== '' && e.sid !== '-1' ? e.sid : null;
			if (sid !== null) {
				if (!bySid.has(sid)) bySid.set(sid, []);
				bySid.get(sid)!.push(e);
				continue;
			}
			const prev = current[current.length - 1];
			if (prev && e.t - prev.t > gapMinutes * MINUTE) {
				close(user, null, current);
				current = [];
			}
			current.push(e);
		}
		if (current.length > 0) close(user, null, current);
		for (const [sid, l] of bySid) close(user, sid, l);
	}
	return out;
}

export function asRef(rows: Row[], sidColumn: string | null = null, props: string[] = []): RefEvent[] {
	return rows.map((r, row) => ({
		row,
		user: r.user === null || r.user === '' ? null : String(r.user),
		t: Date.parse(String(r.time)),
		event: String(r.event),
		sid: sidColumn && r[sidColumn] !== null ? String(r[sidColumn]) : null,
		props: Object.fromEntries(props.map((p) => [p, r[p] ?? null]))
	}));
}
