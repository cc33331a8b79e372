import type { Page } from 'playwright-core';

/**
 * Puts `record` into table `table` of the browser's Footfall database, as belonging to the workspace open in
 * this tab (its `workspaceId` filled in), without going through the app: a test's way to save an analysis or
 * a segment in one step. The app reads it on its next load (or list).
 */
export async function putInWorkspace(page: Page, table: string, record: Record<string, unknown>) {
	await page.evaluate(
		async ({ table, record }) => {
			const workspaceId = sessionStorage.getItem('footfall-workspace');
			const db: IDBDatabase = await new Promise((ok, ko) => {
				const r = indexedDB.open('footfall');
				r.onsuccess = () => ok(r.result);
				r.onerror = () => ko(r.error);
			});
			await new Promise((ok, ko) => {
				const tx = db.transaction(table, 'readwrite');
				tx.objectStore(table).put({ ...record, workspaceId });
				tx.oncomplete = ok;
				tx.onerror = () => ko(tx.error);
			});
			db.close();
		},
		{ table, record }
	);
}
