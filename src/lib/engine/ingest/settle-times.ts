/**
 * After the read: the time format decided from every value of the time column (SEMANTICS §1: the evidence
 * of the whole column decides), not only from the first rows the plan saw. Where the whole column says
 * otherwise (month-first dates whose proof comes after the first rows, a unit or spelling that only shows
 * later), the rows it reads differently are read again in place: no second read of the files.
 */
import type { Database } from '../duck.ts';
import {
	columnType,
	decideTimeFormat,
	readingOf,
	timeEvidence,
	timeNotes,
	typedFormat,
	utcTimeSql,
	utcToLocalSql
} from '../time.ts';
import { ident } from '../../sql/quote.ts';
import { DATASET_DEFAULTS } from '../../spec/defaults.ts';
import { C, EVENTS } from '../../sql/schema.ts';
import { STAGE, type IngestOptions, type Plan } from './types.ts';

/**
 * Counts every value of the staged `events`' time column, decides its format, rewrites `__time` (and a
 * stored `__local`) where that decision reads a value differently from the plan's, and returns the plan with
 * the settled format and its report notes. Typed TIMESTAMP, TIMESTAMPTZ and DATE columns stand as read.
 */
export async function settleTimes(duck: Database, plan: Plan, opts: IngestOptions): Promise<Plan> {
	const column = plan.dataset.columns.time;
	if (!column || !plan.timeFormat) return plan;
	const E = EVENTS + STAGE;
	const type = await columnType(duck, E, column);
	if (typedFormat(type)) return { ...plan, timeNotes: [] };
	const [{ unread }] = await duck.rows<{ unread: number }>(
		`SELECT count(*)::BIGINT AS unread FROM ${ident(E)} WHERE ${ident(column)} IS NOT NULL AND ${ident(C.time)} IS NULL`
	);
	const evidence = await timeEvidence(duck, E, column, C.time, null, Number(unread) === 0);
	const settled = decideTimeFormat(type, evidence, {
		unit: plan.dataset.timeUnit ?? DATASET_DEFAULTS.timeUnit,
		dateOrder: plan.dataset.dateOrder ?? DATASET_DEFAULTS.dateOrder
	});
	if (JSON.stringify(readingOf(settled)) !== JSON.stringify(readingOf(plan.timeFormat))) {
		const [time, local] = [ident(C.time), ident(C.local)];
		const read = utcTimeSql(ident(column), settled, plan.sourceSegs);
		await duck.exec(
			`UPDATE ${ident(E)} SET ${time} = t FROM (SELECT ${ident(C.row)} AS r, ${read} AS t FROM ${ident(E)})
			 WHERE ${ident(C.row)} = r AND t IS DISTINCT FROM ${time}`,
			opts
		);
		// In UTC `__local` is a virtual copy of `__time` (build.ts); elsewhere it is stored.
		const utcWall = plan.segs.length === 1 && plan.segs[0].offsetSeconds === 0;
		if (!utcWall) {
			await duck.exec(`UPDATE ${ident(E)} SET ${local} = ${utcToLocalSql(time, plan.segs)}`, opts);
		}
	}
	return { ...plan, timeFormat: settled, timeNotes: timeNotes(column, settled, evidence) };
}
