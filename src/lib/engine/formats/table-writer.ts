import type { Database } from '../duck.ts';
import { ident, literal } from '../../sql/quote.ts';
import { batchToIPC, type BatchColumn } from './vectors.ts';

const INTEGER_TYPES = new Set([
	'TINYINT',
	'SMALLINT',
	'INTEGER',
	'BIGINT',
	'UTINYINT',
	'USMALLINT',
	'UINTEGER'
]);
const NUMERIC_TYPES = new Set([...INTEGER_TYPES, 'UBIGINT', 'HUGEINT', 'FLOAT', 'DOUBLE']);

/** The narrowest type both a column's values and a new batch's values fit in, as text when nothing else does. */
function widen(a: string, b: string): string {
	if (a === b) return a;
	if (INTEGER_TYPES.has(a) && INTEGER_TYPES.has(b)) return 'BIGINT';
	if (NUMERIC_TYPES.has(a) && NUMERIC_TYPES.has(b)) return 'DOUBLE';
	return 'VARCHAR';
}

const FLOAT_TYPES = new Set(['FLOAT', 'DOUBLE']);

/** Text of a number column as JSON wrote it: 5 stays "5" rather than DuckDB's "5.0". */
function asText(column: string, from: string): string {
	if (!FLOAT_TYPES.has(from)) return column;
	return `CASE WHEN ${column} = trunc(${column}) AND abs(${column}) < 9007199254740992
		THEN CAST(CAST(${column} AS BIGINT) AS VARCHAR) ELSE CAST(${column} AS VARCHAR) END`;
}

/**
 * Appends Arrow batches to a new DuckDB table whose columns are discovered along the way: a column first seen
 * in a later batch is added, a column whose type changes between batches is widened (BIGINT to DOUBLE, else
 * to VARCHAR). Batches after the first go through a scratch table and `INSERT ... BY NAME`.
 */
export class TableWriter {
	rows = 0;
	private readonly duck: Database;
	private readonly table: string;
	private readonly scratch: string;
	private created = false;
	private readonly types = new Map<string, string>();
	/** Columns holding only NULLs so far: their type is a placeholder that the first real values replace. */
	private readonly untyped = new Set<string>();

	private constructor(duck: Database, table: string) {
		this.duck = duck;
		this.table = table;
		this.scratch = `${table}__footfall_batch`;
	}

	/** A writer of the new table `table`; rejects when a table of that name exists. */
	static async create(duck: Database, table: string): Promise<TableWriter> {
		if (await duck.tableExists(table)) throw new Error(`Table ${table} already exists`);
		return new TableWriter(duck, table);
	}

	async append(columns: readonly BatchColumn[], rows: number): Promise<void> {
		await this.appendIpc({ ipc: batchToIPC(columns, rows), columns, rows });
	}

	/**
	 * Appends a batch already written as Arrow IPC bytes (`columns`: its columns in the bytes' order, each
	 * with the DuckDB type its Arrow type becomes when the caller knows it). A batch with the table's columns
	 * in the table's order and types goes straight into the table; any other through the scratch table.
	 */
	async appendIpc(batch: {
		ipc: Uint8Array;
		columns: readonly { name: string; typed: boolean; type?: string }[];
		rows: number;
	}): Promise<void> {
		const { ipc: bytes, columns, rows } = batch;
		if (this.created && this.sameShape(columns)) {
			await this.duck.insertArrow(this.table, bytes, { append: true });
			for (const c of columns) if (c.typed) this.untyped.delete(c.name);
			this.rows += rows;
			return;
		}
		if (!this.created) {
			await this.duck.insertArrow(this.table, bytes);
			this.created = true;
			for (const [name, type] of await this.columnTypes(this.table)) this.types.set(name, type);
			for (const c of columns) if (!c.typed) this.untyped.add(c.name);
			this.rows += rows;
			return;
		}
		await this.duck.exec(`DROP TABLE IF EXISTS ${ident(this.scratch)}`);
		await this.duck.insertArrow(this.scratch, bytes);
		try {
			const incoming = await this.columnTypes(this.scratch);
			const t = ident(this.table);
			const select: string[] = [];
			for (const c of columns) {
				const column = ident(c.name);
				const type = incoming.get(c.name)!;
				const current = this.types.get(c.name);
				if (current === undefined) {
					await this.duck.exec(`ALTER TABLE ${t} ADD COLUMN ${column} ${type}`);
					this.types.set(c.name, type);
					if (!c.typed) this.untyped.add(c.name);
				} else if (c.typed) {
					const next = this.untyped.has(c.name) ? type : widen(current, type);
					this.untyped.delete(c.name);
					if (next !== current) {
						const using = next === 'VARCHAR' ? ` USING ${asText(column, current)}` : '';
						await this.duck.exec(`ALTER TABLE ${t} ALTER COLUMN ${column} TYPE ${next}${using}`);
						this.types.set(c.name, next);
					}
				}
				const target = this.types.get(c.name);
				select.push(target === 'VARCHAR' ? `${asText(column, type)} AS ${column}` : column);
			}
			await this.duck.exec(
				`INSERT INTO ${t} BY NAME SELECT ${select.join(', ')} FROM ${ident(this.scratch)}`
			);
		} finally {
			await this.duck.exec(`DROP TABLE IF EXISTS ${ident(this.scratch)}`);
		}
		this.rows += rows;
	}

	get hasTable(): boolean {
		return this.created;
	}

	/** Leaves the database as it was before the load. */
	async abort(): Promise<void> {
		await this.duck.exec(`DROP TABLE IF EXISTS ${ident(this.scratch)}`);
		if (this.created) await this.duck.exec(`DROP TABLE IF EXISTS ${ident(this.table)}`);
		this.created = false;
	}

	private sameShape(columns: readonly { name: string; type?: string }[]): boolean {
		if (columns.length !== this.types.size) return false;
		let i = 0;
		for (const [name, type] of this.types) {
			const c = columns[i++];
			if (c.name !== name || c.type !== type) return false;
		}
		return true;
	}

	private async columnTypes(table: string): Promise<Map<string, string>> {
		const rows = await this.duck.rows<{ name: string; type: string }>(
			`SELECT column_name AS name, data_type AS type FROM duckdb_columns()
			 WHERE schema_name = 'main' AND table_name = ${literal(table)} ORDER BY column_index`
		);
		return new Map(rows.map((r) => [r.name, r.type]));
	}
}
