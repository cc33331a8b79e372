/**
 * The browser's own storage of Footfall (IndexedDB through Dexie): cached results and saved segments, under
 * one versioned schema. A new version adds tables or indexes and says how older data moves on.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { SegmentRule } from '../spec/segment-rule.ts';

export interface CachedResult {
	key: string;
	result: unknown;
	createdAt: number;
}

/** A segment the user saved (SEMANTICS §4): a name and the rule (or fixed user list) it stands for. */
export interface SavedSegment {
	id: string;
	name: string;
	rule: SegmentRule;
	createdAt: number;
	/** Where it came from, in words ("RFM cell 4-4", "funnel step 2, dropped"). */
	origin?: string;
}

export class FootfallDb extends Dexie {
	results!: EntityTable<CachedResult, 'key'>;
	segments!: EntityTable<SavedSegment, 'id'>;
	constructor(name = 'footfall') {
		super(name);
		this.version(1).stores({ results: 'key, createdAt' });
		this.version(2).stores({ results: 'key, createdAt', segments: 'id, name, createdAt' });
	}
}
