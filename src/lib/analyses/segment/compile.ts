import { segmentUsersSql, type RuleContext } from '../../sql/segment-rule.ts';
import { ident } from '../../sql/quote.ts';
import { C, USERS } from '../../sql/schema.ts';
import { SAMPLE_SIZE, type SegmentSpec } from './spec.ts';

/**
 * One row: users (the segment's size), total (all users of the dataset), sample (the first ids, sorted),
 * and with `list` every id. `asOfMs`: the instant `last` windows count back from (SEMANTICS §4).
 */
export function compileSegment(spec: SegmentSpec, ctx: RuleContext): string {
	const user = ident(C.user);
	const members = `SELECT u.${user} AS id FROM ${ident(USERS)} u SEMI JOIN seg ON seg.${ident(C.ukey)} = u.${ident(C.ukey)}`;
	return `WITH seg AS MATERIALIZED (${segmentUsersSql(spec.rule, ctx)})
SELECT (SELECT count(*) FROM seg)::BIGINT AS users, (SELECT count(*) FROM ${ident(USERS)})::BIGINT AS total,
	(SELECT list(id ORDER BY id) FROM (${members} ORDER BY id LIMIT ${SAMPLE_SIZE})) AS sample,
	${spec.list ? `(SELECT list(id ORDER BY id) FROM (${members}))` : 'NULL::VARCHAR[]'} AS ids`;
}
