import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript',
	'.mjs': 'text/javascript',
	'.css': 'text/css',
	'.json': 'application/json',
	'.webmanifest': 'application/manifest+json',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.wasm': 'application/wasm',
	'.gz': 'application/gzip',
	'.csv': 'text/csv',
	'.md': 'text/markdown'
};

async function respond(root: string, req: IncomingMessage, res: ServerResponse) {
	try {
		const url = new URL(req.url ?? '/', 'http://localhost');
		let file = path.join(root, decodeURIComponent(url.pathname));
		if (!file.startsWith(root)) throw new Error('outside root');
		let info = await stat(file).catch(() => null);
		if (info?.isDirectory()) {
			file = path.join(file, 'index.html');
			info = await stat(file).catch(() => null);
		}
		if (!info) {
			res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
			return;
		}
		res.writeHead(200, {
			'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
			'content-length': info.size
		});
		createReadStream(file).pipe(res);
	} catch {
		res.writeHead(400).end();
	}
}

/** A plain static file server with no special headers, like the hosts the README promises to work on. */
export async function serveStatic(root: string): Promise<{ url: string; close: () => Promise<void> }> {
	const server: Server = createServer((req, res) => void respond(root, req, res));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	if (!address || typeof address === 'string') throw new Error('server has no port');
	return {
		url: `http://127.0.0.1:${address.port}/`,
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}
