/**
 * The page's side of sharing a workspace (issue 13): gather what the open workspace holds (its segments,
 * saved analyses and their results, its kept files) for `buildWorkspaceFile`, and read a dropped workspace
 * file into a new workspace. Results come through the engine, so the result cache answers when it can.
 */
import type { WorkbenchModel } from '../workbench/WorkbenchModel.svelte.ts';
import type { WorkspaceSession } from './WorkspaceSession.svelte.ts';
import { AnalysisStore } from '../../workspace/analyses.ts';
import { DexieSegmentStore } from '../../workspace/segments.ts';
import { buildWorkspaceFile, type ShareOptions, type ShareSource } from '../../workspace/share/export.ts';
import { FILE_SUFFIX, serialiseWorkspaceFile, type WorkspaceFile } from '../../workspace/share/format.ts';
import { newSalt } from '../../workspace/share/anonymise.ts';
import { importWorkspace, shareSalt } from '../../workspace/share/store.ts';
import { parseWorkspaceFile } from '../../workspace/share/validate.ts';
import { unpackFiles } from '../../workspace/share/data.ts';
import { MAX_FILE_BYTES, ShareError } from '../../workspace/share/guard.ts';
import type { AnalysisSpecInput } from '../../analyses/registry.ts';
import { userMessage } from '../../messages.ts';
import { readStoredScope } from '../../analyses/dashboard-scope.ts';

/** The options the share form offers, without the salt (read from this browser on export). */
export type ShareChoice = Omit<ShareOptions, 'salt'>;

/**
 * The text of the open workspace's file and a file name for it. Analyses are run on the dataset in force
 * when it is this workspace's (else they go without results, and the file says so). Throws ShareError.
 */
export async function exportWorkspace(
	session: WorkspaceSession,
	model: WorkbenchModel,
	choice: ShareChoice
): Promise<{ text: string; filename: string }> {
	const store = session.store;
	const w = session.current;
	if (!store || !w) throw new ShareError('', 'Browser storage is not open: there is no workspace to export.');
	const segments = await new DexieSegmentStore(store.db, w.id).list();
	const fileId = (id: string) => id.replace(/[^\w-]/g, '').slice(0, 64);
	const saved = await new AnalysisStore(store.db, w.id).list();
	const loaded = Boolean(model.report && w.dataset && model.fingerprint === w.dataset.fingerprint);
	const analyses: ShareSource['analyses'] = [];
	for (const a of saved) {
		const seg = a.segmentId ? segments.find((s) => s.id === a.segmentId) : undefined;
		const spec = { ...a.spec, ...(seg ? { segment: { rule: seg.rule } } : {}) } as AnalysisSpecInput;
		let result: unknown = null;
		if (loaded)
			try {
				result = (await model.engine.run(spec)).result;
			} catch {
				// Shared without its numbers: the file says its result is not in it.
			}
		analyses.push({
			id: fileId(a.id) || 'a',
			title: a.title,
			spec: a.spec,
			segmentId: seg ? fileId(seg.id) : null,
			compare: a.compare,
			view: a.view,
			pinned: a.pinned,
			order: a.order,
			result
		});
	}
	const d = w.dataset;
	// Read afresh: the dashboard keeps its scope as it changes, maybe in another tab.
	const scope = readStoredScope((await store.get(w.id))?.dashboardScope);
	const source: ShareSource = {
		name: w.name,
		dataset: d && { label: d.label, files: d.files, input: d.input, fingerprint: d.fingerprint },
		mapping: loaded ? model.report!.mapping : ((d?.input.columns as ShareSource['mapping']) ?? null),
		segments: segments.map((s) => ({
			id: fileId(s.id),
			name: s.name,
			rule: s.rule,
			...(s.origin ? { origin: s.origin } : {})
		})),
		analyses,
		dashboardScope: scope && { ...scope, segmentId: scope.segmentId && fileId(scope.segmentId) },
		files: choice.includeData ? await store.keptFiles(w.id) : null
	};
	const salt = choice.hashIds ? await shareSalt(store.db, newSalt) : undefined;
	const file = await buildWorkspaceFile(source, { ...choice, salt });
	const base = w.name.replace(/[^\w .-]+/g, '').trim() || 'workspace';
	return { text: serialiseWorkspaceFile(file), filename: `${base}${FILE_SUFFIX}` };
}

/** Reads and checks a workspace file the user dropped or picked. Throws ShareError in the user's words. */
export async function readWorkspaceFile(file: File): Promise<{ parsed: WorkspaceFile; data: File[] | null }> {
	if (file.size > MAX_FILE_BYTES)
		throw new ShareError(
			'',
			`${file.name} is larger than ${MAX_FILE_BYTES / 1024 ** 2} MB: ask for it without the data.`
		);
	const parsed = parseWorkspaceFile(await file.text());
	const data = parsed.data ? await unpackFiles(parsed.data.files) : null;
	return { parsed, data };
}

/**
 * Imports a workspace file as a new workspace and opens it (the page reloads into it). A file dropped while
 * browser storage is still opening waits for it. Returns the sentence to show when it is refused (nothing is
 * then changed); never throws.
 */
export async function openWorkspaceFile(
	session: Pick<WorkspaceSession, 'opened' | 'switchTo'>,
	file: File
): Promise<string | null> {
	try {
		const [store, read] = await Promise.all([session.opened, readWorkspaceFile(file)]);
		if (!store)
			throw new ShareError('', 'Browser storage could not be opened, so a workspace cannot be added.');
		const { parsed, data } = read;
		const w = await importWorkspace(store, parsed, data);
		await session.switchTo(w.id);
		return null;
	} catch (e) {
		const why = e instanceof ShareError ? e.message : userMessage(e);
		return `${file.name} was not opened as a workspace: ${why} Your current workspace is unchanged.`;
	}
}
