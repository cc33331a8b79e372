import { fstatSync, openSync } from 'node:fs';
import { FileRegistry, guardRuntime, type FileInfo, type GuardableRuntime } from './file-guard.ts';

/** DuckDB-WASM's Node runtime object, with the internals its own `openFile` uses. */
export interface NodeRuntime extends GuardableRuntime {
	_filesById: Map<number, number>;
	_fileInfoCache: Map<number, unknown>;
	resolveFileInfo(mod: never, fileId: number): FileInfo | null;
}

/** Every file registered with any DuckDB of this process (they share one runtime object). */
export const nodeFiles = new FileRegistry();

/**
 * Guards DuckDB-WASM's Node runtime (file-guard.ts): a file opens only if it was registered under that name
 * pointing at that path, and then read-only. The upstream runtime opens every file with `O_CREAT | O_RDWR`,
 * so it could write to the user's own input, and it could not read a file the user may not write (EACCES).
 * DuckDB-WASM copies the runtime's functions when it instantiates: call this before `instantiate`.
 */
export function guardNodeRuntime(runtime: NodeRuntime, failWith: (mod: never, message: string) => void) {
	guardRuntime(runtime, nodeFiles, {
		fileInfo(mod, fileId) {
			runtime._fileInfoCache.delete(fileId);
			return runtime.resolveFileInfo(mod, fileId);
		},
		failWith,
		allows: (info) => nodeFiles.has(info.fileName, info.dataUrl),
		open(mod, fileId, info) {
			const fd = openSync(info.dataUrl!, 'r');
			runtime._filesById.set(fileId, fd);
			// The reply upstream gives: a malloc'd pair of doubles, file size and a buffer pointer (none).
			const m = mod as unknown as { _malloc(n: number): number; HEAPF64: Float64Array };
			const result = m._malloc(16);
			m.HEAPF64[(result >> 3) + 0] = fstatSync(fd).size;
			m.HEAPF64[(result >> 3) + 1] = 0;
			return result;
		}
	});
}
