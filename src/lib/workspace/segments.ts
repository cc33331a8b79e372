/** Saved segments (SEMANTICS §4): kept in the browser's storage, listed in the sidebar, usable everywhere. */
import type { SegmentRule } from '../spec/segment-rule.ts';
import { segmentRule } from '../spec/segment-rule.ts';
import { FootfallDb, type SavedSegment } from './db.ts';

export type { SavedSegment };

/** Where saved segments live: Dexie in the browser, a Map in tests. */
export interface SegmentStore {
	/** Every saved segment, oldest first. */
	list(): Promise<SavedSegment[]>;
	/** Saves a new segment (the rule is checked first; throws SpecError on a bad one). */
	add(name: string, rule: SegmentRule, origin?: string): Promise<SavedSegment>;
	rename(id: string, name: string): Promise<void>;
	/** Changes a saved segment's name and/or rule (checked as `add` checks them); returns it as saved. */
	update(id: string, patch: { name?: string; rule?: SegmentRule }): Promise<SavedSegment>;
	remove(id: string): Promise<void>;
}

function cleanName(name: string): string {
	const clean = name.trim();
	if (!clean) throw new Error('A segment needs a name.');
	return clean.slice(0, 200);
}

function make(name: string, rule: SegmentRule, origin?: string): SavedSegment {
	return {
		id: crypto.randomUUID(),
		name: cleanName(name),
		rule: segmentRule(rule, 'segment.rule'),
		createdAt: Date.now(),
		...(origin ? { origin } : {})
	};
}

/** `s` with `patch` applied and checked. Throws when the segment is gone, the name empty, the rule bad. */
function patched(s: SavedSegment | undefined, patch: { name?: string; rule?: SegmentRule }): SavedSegment {
	if (!s) throw new Error('This segment is no longer saved.');
	return {
		...s,
		...(patch.name !== undefined ? { name: cleanName(patch.name) } : {}),
		...(patch.rule !== undefined ? { rule: segmentRule(patch.rule, 'segment.rule') } : {})
	};
}

/** The segments of one workspace (`workspaceId`), or of every workspace when it is omitted. */
export class DexieSegmentStore implements SegmentStore {
	#db: FootfallDb;
	#workspaceId: string | undefined;
	constructor(db = new FootfallDb(), workspaceId?: string) {
		this.#db = db;
		this.#workspaceId = workspaceId;
	}
	async list() {
		if (this.#workspaceId === undefined) return this.#db.segments.orderBy('createdAt').toArray();
		return this.#db.segments.where('workspaceId').equals(this.#workspaceId).sortBy('createdAt');
	}
	async add(name: string, rule: SegmentRule, origin?: string) {
		const s = {
			...make(name, rule, origin),
			...(this.#workspaceId ? { workspaceId: this.#workspaceId } : {})
		};
		await this.#db.segments.add(s);
		return s;
	}
	async rename(id: string, name: string) {
		if (!name.trim()) throw new Error('A segment needs a name.');
		await this.#db.segments.update(id, { name: name.trim().slice(0, 200) });
	}
	async update(id: string, patch: { name?: string; rule?: SegmentRule }) {
		const next = patched(await this.#db.segments.get(id), patch);
		await this.#db.segments.put(next);
		return next;
	}
	async remove(id: string) {
		await this.#db.segments.delete(id);
	}
}

export class MemorySegmentStore implements SegmentStore {
	#items = new Map<string, SavedSegment>();
	async list() {
		return [...this.#items.values()].sort((a, b) => a.createdAt - b.createdAt);
	}
	async add(name: string, rule: SegmentRule, origin?: string) {
		const s = make(name, rule, origin);
		this.#items.set(s.id, s);
		return s;
	}
	async rename(id: string, name: string) {
		const s = this.#items.get(id);
		if (s) this.#items.set(id, { ...s, name: name.trim() });
	}
	async update(id: string, patch: { name?: string; rule?: SegmentRule }) {
		const next = patched(this.#items.get(id), patch);
		this.#items.set(id, next);
		return next;
	}
	async remove(id: string) {
		this.#items.delete(id);
	}
}

/**
 * The classic starting points (issue 9, after the seeds): users active in the last 7 days, users with no
 * activity in the last 30 days, and users with at least 5 sessions in the last 7 days.
 */
export const SEGMENT_TEMPLATES: readonly { name: string; description: string; rule: SegmentRule }[] = [
	{
		name: 'Active recent',
		description: 'Seen in the last 7 days',
		rule: { lastSeen: true, within: { last: 7, unit: 'day' } }
	},
	{
		name: 'Lapsed',
		description: 'No activity in the last 30 days',
		rule: { not: { lastSeen: true, within: { last: 30, unit: 'day' } } }
	},
	{
		name: 'Engaged high frequency',
		description: 'At least 5 sessions in the last 7 days',
		rule: { sessions: { '>=': 5 }, within: { last: 7, unit: 'day' } }
	}
];
