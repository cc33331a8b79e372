/**
 * The wall behind lockdown.ts, one level down. DuckDB-WASM asks a JavaScript runtime object to open, list,
 * write and delete files. As shipped, the Node runtime opens any path it is given read-write, creating it,
 * and lists the real disk; the browser runtime sends an HTTP request for any name that starts with `http`.
 * Guarded, a runtime opens only the files the engine registered (under Node, read-only), lists and finds only
 * those, and refuses every write, so the engine cannot change a file on disk even if DuckDB asked it to.
 * Upstream runtimes: duckdb-wasm `packages/duckdb-wasm/src/bindings/runtime_{node,browser}.ts` (v1.32).
 */

/** The part of the Emscripten module a guard touches. */
export interface WasmModule {
	HEAPU8: Uint8Array;
	ccall(name: string, returns: null, types: string[], args: unknown[]): unknown;
}

/** What DuckDB knows about an open file: the name it was asked for and, if registered, where it points. */
export interface FileInfo {
	fileName: string;
	dataUrl: string | null;
}

type Mod = never;

/** The runtime callbacks a guard replaces (a subset of DuckDB-WASM's `DuckDBRuntime`). */
export interface GuardableRuntime {
	openFile(mod: Mod, fileId: number, flags: number): unknown;
	writeFile(mod: Mod, fileId: number, buf: number, bytes: number, location: number): number;
	truncateFile(mod: Mod, fileId: number, size: number): unknown;
	glob(mod: Mod, pathPtr: number, pathLen: number): unknown;
	checkFile(mod: Mod, pathPtr: number, pathLen: number): boolean;
	checkDirectory(mod: Mod, pathPtr: number, pathLen: number): boolean;
	createDirectory(mod: Mod, pathPtr: number, pathLen: number): unknown;
	removeDirectory(mod: Mod, pathPtr: number, pathLen: number): unknown;
	removeFile(mod: Mod, pathPtr: number, pathLen: number): unknown;
}

/** The registration calls of DuckDB-WASM's bindings that a registry watches. */
export interface RegisteringBindings {
	registerFileURL(name: string, url: string, protocol: number, directIO: boolean): void;
	registerFileHandle<H>(name: string, handle: H, protocol: number, directIO: boolean): void;
	registerFileBuffer(name: string, buffer: Uint8Array): void;
	registerFileText(name: string, text: string): void;
}

/** DuckDB's `FILE_FLAGS_NULL_IF_NOT_EXISTS`: the caller asks whether a file exists and takes "no" for an answer. */
const NULL_IF_NOT_EXISTS = 1 << 7;

/** The files registered with DuckDB: each name, and under Node the path it reads. */
export class FileRegistry {
	#names = new Set<string>();
	#targets = new Set<string>();

	add(name: string, target: string | null = null): void {
		this.#names.add(name);
		if (target !== null) this.#targets.add(`${name}\u0000${target}`);
	}

	/** With `target`: whether `name` was registered pointing at exactly that path. */
	has(name: string, target?: string | null): boolean {
		if (target === undefined || target === null) return this.#names.has(name);
		return this.#targets.has(`${name}\u0000${target}`);
	}

	/** Records every file the bindings register from now on, whoever registers it. */
	watch(bindings: RegisteringBindings): void {
		const b = bindings as unknown as Record<string, (...args: unknown[]) => unknown>;
		for (const method of [
			'registerFileURL',
			'registerFileHandle',
			'registerFileBuffer',
			'registerFileText'
		]) {
			const original = b[method];
			b[method] = (...args: unknown[]) => {
				const name = args[0] as string;
				this.add(name, method === 'registerFileURL' ? (args[1] as string) : null);
				return original.apply(bindings, args);
			};
		}
	}
}

export interface GuardHost {
	/** The file DuckDB means by `fileId`, fresh (not from a cache). */
	fileInfo(mod: Mod, fileId: number): FileInfo | null;
	/** Records an error that DuckDB raises when the callback returns. */
	failWith(mod: Mod, message: string): void;
	/** Whether a file info names a registered file; defaults to its name being registered. */
	allows?(info: FileInfo): boolean;
	/** Opens a registered file; defaults to the runtime's own `openFile`. */
	open?(mod: Mod, fileId: number, info: FileInfo): unknown;
}

const guarded = new WeakSet<object>();

/** Guards `runtime` in place (once; later calls do nothing). Under Node call it before DuckDB instantiates. */
export function guardRuntime(runtime: GuardableRuntime, registry: FileRegistry, host: GuardHost): void {
	if (guarded.has(runtime)) return;
	guarded.add(runtime);
	const allows = host.allows ?? ((info: FileInfo) => registry.has(info.fileName));
	const refuse = (mod: Mod, what: string) => {
		host.failWith(mod, `Footfall's engine reads only the files you gave it; refused: ${what}`);
		return 0;
	};
	const text = (mod: Mod, ptr: number, len: number) =>
		new TextDecoder().decode((mod as unknown as WasmModule).HEAPU8.subarray(ptr, ptr + len));

	const open = runtime.openFile;
	runtime.openFile = function (mod, fileId, flags) {
		const info = host.fileInfo(mod, fileId);
		if (!info || !allows(info)) {
			return flags & NULL_IF_NOT_EXISTS ? 0 : refuse(mod, info?.fileName ?? `file #${fileId}`);
		}
		try {
			return host.open ? host.open(mod, fileId, info) : open.call(this, mod, fileId, flags);
		} catch (e) {
			// Thrown through WebAssembly an error would skip DuckDB's cleanup: hand it over as upstream does.
			host.failWith(mod, `Opening ${info.fileName} failed: ${e instanceof Error ? e.message : String(e)}`);
			return 0;
		}
	};
	runtime.writeFile = (mod, fileId) => refuse(mod, `writing ${host.fileInfo(mod, fileId)?.fileName}`);
	runtime.truncateFile = (mod, fileId) => refuse(mod, `truncating ${host.fileInfo(mod, fileId)?.fileName}`);
	runtime.createDirectory = (mod, ptr, len) => refuse(mod, `creating ${text(mod, ptr, len)}`);
	runtime.removeDirectory = (mod, ptr, len) => refuse(mod, `removing ${text(mod, ptr, len)}`);
	runtime.removeFile = (mod, ptr, len) => refuse(mod, `removing ${text(mod, ptr, len)}`);
	runtime.checkDirectory = () => false;
	runtime.checkFile = (mod, ptr, len) => registry.has(text(mod, ptr, len));
	// The engine never globs; a pattern finds a registered file only by its exact name.
	runtime.glob = (mod, ptr, len) => {
		const path = text(mod, ptr, len);
		if (registry.has(path)) {
			(mod as unknown as WasmModule).ccall('duckdb_web_fs_glob_add_path', null, ['string'], [path]);
		}
	};
}
