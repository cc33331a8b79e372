/**
 * The first bytes of a dropped file: gunzipped when they are gzip, refused when they are another binary
 * format, else decoded as text in the encoding they show.
 */
import { decodeText as decodeIn, detectEncoding, type TextEncodingName } from '../text-encoding.ts';
import { SNIFF_BYTES } from './preview.ts';

export interface Head {
	bytes: Uint8Array;
	/** The whole (decompressed) file is in `bytes`, so its last line is not cut off. */
	complete: boolean;
	compressed: boolean;
}

/** Up to SNIFF_BYTES from the start of `blob`, gunzipped when it starts with the gzip magic bytes. */
export async function readHead(blob: Blob): Promise<Head> {
	const raw = new Uint8Array(await blob.slice(0, SNIFF_BYTES).arrayBuffer());
	if (raw[0] === 0x1f && raw[1] === 0x8b) return { ...(await gunzipHead(blob)), compressed: true };
	return { bytes: raw, complete: blob.size <= SNIFF_BYTES, compressed: false };
}

/** Compressed bytes fed at a time to the preview's decompressor: a gzip bomb's give about 4 MB each. */
const HEAD_PIECE = 4096;

/**
 * Decompresses until SNIFF_BYTES of output. A truncated or corrupt stream errors at its end; what decoded
 * before that is still a good preview, so the error only marks the data as incomplete. Fed a small piece
 * at a time: given the file's stream, the decompressor unpacked a whole chunk of it at once, which for a
 * gzip bomb is a gigabyte, on the page's main thread, which froze for half a minute.
 */
async function gunzipHead(blob: Blob): Promise<Omit<Head, 'compressed'>> {
	const unpack = new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>;
	const writer = unpack.writable.getWriter();
	const reader = unpack.readable.getReader();
	let wanted = true;
	// Ends when enough came out (the reader cancels, and the next write fails) or the file is fed.
	const feeding = (async () => {
		for (let at = 0; at < blob.size && wanted; at += HEAD_PIECE) {
			await writer.write(new Uint8Array(await blob.slice(at, at + HEAD_PIECE).arrayBuffer()));
		}
		await writer.close();
	})().catch(() => undefined);
	const chunks: Uint8Array[] = [];
	let total = 0;
	let complete = false;
	try {
		while (total < SNIFF_BYTES) {
			const { done, value } = await reader.read();
			if (done) {
				complete = true;
				break;
			}
			chunks.push(value);
			total += value.byteLength;
		}
	} catch {
		complete = false;
	}
	wanted = false;
	await reader.cancel().catch(() => undefined);
	await feeding;
	const bytes = new Uint8Array(total);
	let at = 0;
	for (const c of chunks) {
		bytes.set(c, at);
		at += c.byteLength;
	}
	if (total > SNIFF_BYTES) return { bytes: bytes.subarray(0, SNIFF_BYTES), complete: false };
	return { bytes, complete };
}

/** Whether `bytes` begins with the bytes of `sig`. */
export function startsWith(bytes: Uint8Array, sig: number[]): boolean {
	return sig.every((b, i) => bytes[i] === b);
}

/** 'parquet', a sentence naming a known non-export format, or null for anything that may be text. */
export function binaryKind(bytes: Uint8Array): string | null {
	if (startsWith(bytes, [0x50, 0x41, 0x52, 0x31])) return 'parquet';
	if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
		return 'this is a ZIP archive (or an Excel .xlsx workbook): unzip it, or save the sheet as CSV';
	}
	if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return 'this is an old Excel workbook: save it as CSV';
	if (startsWith(bytes, [0x28, 0xb5, 0x2f, 0xfd]))
		return 'this is zstd-compressed: decompress it or use gzip';
	if (startsWith(bytes, [0x42, 0x5a, 0x68])) return 'this is bzip2-compressed: decompress it or use gzip';
	if (startsWith(bytes, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) {
		return 'this is xz-compressed: decompress it or use gzip';
	}
	return null;
}

/**
 * Text of the head and its encoding (text-encoding.ts), or null when it is binary. UTF-16 has zero bytes by
 * design; in any other text a zero byte or many control characters mean binary data.
 */
export function decodeText(
	bytes: Uint8Array,
	complete: boolean
): { text: string; encoding: TextEncodingName } | null {
	const encoding = detectEncoding(bytes, complete);
	const wide = encoding === 'utf-16le' || encoding === 'utf-16be';
	if (!wide) {
		const probe = bytes.subarray(0, 8192);
		let control = 0;
		for (const b of probe) {
			if (b === 0) return null;
			if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
		}
		if (control > probe.length * 0.02) return null;
	}
	let end = bytes.length;
	if (!complete) {
		// A line (or character) cut off by the end of the head is left for sniffText to drop.
		const nl = wide ? -1 : bytes.lastIndexOf(0x0a);
		end = nl > 0 ? nl + 1 : wide ? end & ~1 : end;
	}
	const body = bytes.subarray(0, end);
	if (wide) {
		const text = decodeIn(body, encoding);
		// UTF-16 has zero bytes by design, but a zero character means the bytes were something else.
		return text.includes('\u0000') ? null : { text, encoding };
	}
	if (encoding === 'utf-8' && !complete && end === bytes.length) {
		// No line break at all: a multi-byte character cut off at the very end is not an error.
		return { text: new TextDecoder('utf-8').decode(body, { stream: true }), encoding };
	}
	return { text: decodeIn(body, encoding), encoding };
}
