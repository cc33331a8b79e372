/**
 * Two tabs on one workspace (issue 13, fault 4): the segment builder's name being typed was overwritten (the
 * builder applied the sidebar link's template after the user had typed), and a list of segments arriving from
 * another tab could replace the list wholesale. The user's edit wins; lists merge by id.
 */
import { describe, expect, test } from 'vitest';
import { WorkbenchScope } from '../../components/workbench/WorkbenchScope.svelte.ts';
import type { WorkbenchModel } from '../../components/workbench/WorkbenchModel.svelte.ts';
import { MemorySegmentStore, SEGMENT_TEMPLATES, type SegmentStore } from '../../workspace/segments.ts';
import { SegmentModel } from './SegmentModel.svelte.ts';

/** A store shared by two tabs whose `list` can be held open, as a slow read from IndexedDB. */
function slowStore(inner: SegmentStore) {
	let release: () => void = () => {};
	let hold = false;
	const store: SegmentStore = {
		async list() {
			const snapshot = await inner.list();
			if (hold) await new Promise<void>((r) => (release = r));
			return snapshot;
		},
		add: (n, r, o) => inner.add(n, r, o),
		rename: (id, n) => inner.rename(id, n),
		update: (id, p) => inner.update(id, p),
		remove: (id) => inner.remove(id)
	};
	return { store, hold: (on: boolean) => (hold = on), release: () => release() };
}

describe('segments edited in two tabs', () => {
	test("the builder put the link's template name back over the name being typed: the typed name now stays", () => {
		const cleanup = $effect.root(() => {
			const model = new SegmentModel(() => ({ report: null }) as unknown as WorkbenchModel);
			model.typeName('Typed by me');
			// The sidebar's link (?template=1) is applied after the typing: the rule changes, the name stays.
			model.start(SEGMENT_TEMPLATES[1], true);
			expect(model.name).toBe('Typed by me');
			expect(model.built.rule).toEqual(SEGMENT_TEMPLATES[1].rule);
			// A template picked by hand is a new start: its name.
			model.start(SEGMENT_TEMPLATES[2]);
			expect(model.name).toBe(SEGMENT_TEMPLATES[2].name);
			// Nothing typed since: a link applies its name too.
			model.start(SEGMENT_TEMPLATES[0], true);
			expect(model.name).toBe(SEGMENT_TEMPLATES[0].name);
		});
		cleanup();
	});

	test("another tab's list read while this tab saved lost this tab's new segment: it is read again", async () => {
		const shared = new MemorySegmentStore();
		const { store, hold, release } = slowStore(shared);
		const one = new WorkbenchScope();
		await one.loadSegments(store);
		await one.saveSegment('First', { users: ['a'] });
		const first = one.segments[0];

		// Tab two saves; the message reaches tab one, whose read of the list is slow...
		await shared.add('From tab two', { users: ['b'] });
		hold(true);
		const arriving = one.loadSegments(store);
		await new Promise((r) => setTimeout(r, 10));
		hold(false);
		// ...and meanwhile tab one saves its own.
		await one.saveSegment('Saved here', { users: ['c'] });
		release();
		await arriving;
		expect(one.segments.map((s) => s.name)).toEqual(['First', 'From tab two', 'Saved here']);
		// Unchanged segments keep their object: nothing drawn from them is redrawn.
		expect(one.segments[0]).toBe(first);
	});
});
