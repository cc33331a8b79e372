/**
 * The data inside a workspace file: each file gzip-compressed with the browser's own CompressionStream (also
 * in Node 18+, so the tests use the same code), then base64 so it fits in the JSON. Unpacking stops at a
 * size limit, so a small file that inflates to gigabytes (a zip bomb) is refused rather than filling memory.
 */
import type { SharedDataFile, SharedFileInfo } from './format.ts';
import { ShareError } from './guard.ts';

/** Largest total the data of one workspace file may inflate to (bytes): what a browser tab can load. */
export const MAX_DATA_BYTES = 2 * 1024 ** 3;

function toBase64(bytes: Uint8Array): string {
	let out = '';
	// btoa takes a binary string; built in slices so a large file never becomes one huge argument list.
	for (let i = 0; i < bytes.length; i += 0x8000)
		out += btoa(String.fromCharCode(...bytes.subarray(i, i + 0x8000)));
	return out;
}

function fromBase64(text: string): Uint8Array {
	const bin = atob(text);
	const out = new Uint8Array(bin.length);
	for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
	return out;
}

/**
 * Base64 in slices of a multiple of 3 bytes, so each slice encodes alone; joined they are the base64 of
 * the whole.
 */
async function gzipBase64(file: Blob): Promise<string> {
	const packed = new Uint8Array(
		await new Response(file.stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer()
	);
	const parts: string[] = [];
	const slice = 3 * 1024 * 1024;
	for (let i = 0; i < packed.length; i += slice) parts.push(toBase64(packed.subarray(i, i + slice)));
	return parts.join('');
}

/** The files, packed for a workspace file (name, size, lastModified and type as the File has them). */
export async function packFiles(files: File[]): Promise<SharedDataFile[]> {
	const out: SharedDataFile[] = [];
	for (const f of files)
		out.push({
			name: f.name,
			size: f.size,
			lastModified: f.lastModified,
			type: f.type,
			gzipBase64: await gzipBase64(f)
		});
	return out;
}

/**
 * The files of a workspace file, unpacked. Throws ShareError (naming the file's field) when the data is
 * damaged, inflates past `limit` bytes in all, or does not have the size the file states.
 */
export async function unpackFiles(files: SharedDataFile[], limit = MAX_DATA_BYTES): Promise<File[]> {
	const out: File[] = [];
	let total = 0;
	for (const [i, f] of files.entries()) {
		const path = `data.files[${i}]`;
		const chunks: Uint8Array[] = [];
		try {
			const reader = new Blob([fromBase64(f.gzipBase64) as BlobPart])
				.stream()
				.pipeThrough(new DecompressionStream('gzip'))
				.getReader();
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				total += value.length;
				if (total > limit) {
					await reader.cancel();
					throw new ShareError(
						path,
						`The data in this workspace file unpacks to more than ${Math.round(limit / 1024 ** 2)} MB, more than a browser tab can load. Export it with fewer files.`
					);
				}
				chunks.push(value);
			}
		} catch (e) {
			if (e instanceof ShareError) throw e;
			throw new ShareError(
				`${path}.gzipBase64`,
				`The data of ${f.name} in this workspace file is damaged (not gzip). Export the workspace again.`
			);
		}
		const file = new File(chunks as BlobPart[], f.name, { type: f.type, lastModified: f.lastModified });
		if (file.size !== f.size)
			throw new ShareError(
				`${path}.size`,
				`The data of ${f.name} holds ${file.size} bytes where the file says ${f.size}: it is damaged. Export the workspace again.`
			);
		out.push(file);
	}
	return out;
}

/** The description of files (what a dataset remembers), without their bytes. */
export function fileInfos(files: File[]): SharedFileInfo[] {
	return files.map((f) => ({ name: f.name, size: f.size, lastModified: f.lastModified, type: f.type }));
}
