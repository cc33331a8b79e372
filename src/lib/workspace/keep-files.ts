/**
 * Where the bytes of a workspace's dataset are kept between visits (issue 13). Measured in headless Chromium
 * on a 100 MB file (test/bench/storage.ts, three runs on a loaded two-core machine): the origin-private file
 * system (OPFS) wrote it in 0.6–1.1 s and read it back in 1.1–2.5 s; IndexedDB blobs took 3.8–5.2 s and
 * 2.5–3.8 s. So files go to OPFS, and to IndexedDB only where OPFS is missing (older browsers, some private
 * modes, and Node in the unit tests). Each load is written under its own id, so a failed or concurrent write
 * never touches the files already kept.
 */
import type { FootfallDb, StoredFile } from './db.ts';

/** Which storage holds a dataset's files. */
export type KeptIn = 'opfs' | 'indexeddb';

export interface FileKeeper {
	readonly kind: KeptIn;
	/** Writes `files` under (workspace, load); throws the browser's error (a full quota) and keeps nothing. */
	write(workspaceId: string, loadId: string, files: File[]): Promise<void>;
	/** The files of (workspace, load) in order, or null when any is missing. Lazy: bytes are read on use. */
	read(workspaceId: string, loadId: string, count: number): Promise<Blob[] | null>;
	/** Deletes one load's files, or every file of the workspace when `loadId` is omitted. Never throws. */
	remove(workspaceId: string, loadId?: string): Promise<void>;
}

const ROOT = 'footfall-datasets';

/** The origin-private file system: one folder per workspace, one per load, a file per dropped file. */
export class OpfsKeeper implements FileKeeper {
	readonly kind = 'opfs';
	async #dir(workspaceId: string, create: boolean) {
		const root = await navigator.storage.getDirectory();
		const top = await root.getDirectoryHandle(ROOT, { create });
		return top.getDirectoryHandle(workspaceId, { create });
	}
	async write(workspaceId: string, loadId: string, files: File[]) {
		try {
			const dir = await (await this.#dir(workspaceId, true)).getDirectoryHandle(loadId, { create: true });
			for (const [i, f] of files.entries()) {
				const out = await (await dir.getFileHandle(String(i), { create: true })).createWritable();
				try {
					await f.stream().pipeTo(out);
				} catch (e) {
					await out.abort().catch(() => {});
					throw e;
				}
			}
		} catch (e) {
			await this.remove(workspaceId, loadId);
			throw e;
		}
	}
	async read(workspaceId: string, loadId: string, count: number) {
		try {
			const dir = await (await this.#dir(workspaceId, false)).getDirectoryHandle(loadId);
			const out: Blob[] = [];
			for (let i = 0; i < count; i++) out.push(await (await dir.getFileHandle(String(i))).getFile());
			return out;
		} catch {
			return null;
		}
	}
	async remove(workspaceId: string, loadId?: string) {
		try {
			const dir = await this.#dir(workspaceId, false);
			if (loadId) await dir.removeEntry(loadId, { recursive: true });
			else {
				const root = await navigator.storage.getDirectory();
				await (await root.getDirectoryHandle(ROOT)).removeEntry(workspaceId, { recursive: true });
			}
		} catch {
			// Already gone.
		}
	}
}

/** IndexedDB blobs, one row per file, in the `files` table. */
export class IndexedDbKeeper implements FileKeeper {
	readonly kind = 'indexeddb';
	#db: FootfallDb;
	constructor(db: FootfallDb) {
		this.#db = db;
	}
	async write(workspaceId: string, loadId: string, files: File[]) {
		const rows = files.map((file, index): StoredFile => ({
			id: `${workspaceId}/${loadId}/${index}`,
			workspaceId,
			index,
			file
		}));
		await this.#db.files.bulkPut(rows);
	}
	async read(workspaceId: string, loadId: string, count: number) {
		const ids = Array.from({ length: count }, (_, i) => `${workspaceId}/${loadId}/${i}`);
		const rows = await this.#db.files.bulkGet(ids);
		return rows.every((r) => r) ? rows.map((r) => r!.file) : null;
	}
	async remove(workspaceId: string, loadId?: string) {
		try {
			const all = this.#db.files.where('workspaceId').equals(workspaceId);
			await (loadId ? all.filter((r) => r.id.startsWith(`${workspaceId}/${loadId}/`)) : all).delete();
		} catch {
			// Storage gone: nothing to free.
		}
	}
}

/** OPFS when this browser has it (and lets us write there), else IndexedDB. */
export async function chooseKeeper(db: FootfallDb): Promise<FileKeeper> {
	try {
		if (typeof navigator !== 'undefined' && navigator.storage?.getDirectory) {
			await navigator.storage.getDirectory();
			return new OpfsKeeper();
		}
	} catch {
		// Some private modes refuse OPFS.
	}
	return new IndexedDbKeeper(db);
}
