import { ident, literal } from './quote.ts';

/** A parsed value expression (SEMANTICS §1): column names, numbers, + - * / and parentheses. */
export type ValueExpr =
	| { type: 'column'; name: string }
	| { type: 'number'; value: number }
	| { type: 'negate'; arg: ValueExpr }
	| { type: 'binary'; op: '+' | '-' | '*' | '/'; left: ValueExpr; right: ValueExpr };

export class ValueExprError extends Error {
	/** 1-based character position of the problem in the expression text. */
	readonly position: number;
	constructor(message: string, position: number) {
		super(message);
		this.name = 'ValueExprError';
		this.position = position;
	}
}

type Token =
	| { kind: 'column'; name: string; at: number }
	| { kind: 'number'; value: number; at: number }
	| { kind: 'op'; op: '+' | '-' | '*' | '/' | '(' | ')'; at: number }
	| { kind: 'end'; at: number };

const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const WORD = /^[\p{L}\p{N}_$.]+/u;

/**
 * Column names are matched against the known columns first, longest first, so names with spaces or
 * parentheses ("Unit Price", "Revenue (EUR)") work bare. A name can also be written in double quotes,
 * with `""` for a quote inside it, which settles the rare clash (a column named "a-b" beside "a" and "b").
 */
function tokenize(text: string, columns: readonly string[]): Token[] {
	const byLength = [...new Set(columns)].filter((c) => c.length > 0).sort((a, b) => b.length - a.length);
	const tokens: Token[] = [];
	let i = 0;
	while (i < text.length) {
		const ch = text[i];
		if (/\s/.test(ch)) {
			i++;
			continue;
		}
		const at = i + 1;
		if (ch === '"') {
			let name = '';
			let j = i + 1;
			for (;;) {
				if (j >= text.length) throw new ValueExprError(`Unclosed quoted column name at position ${at}`, at);
				if (text[j] === '"') {
					if (text[j + 1] === '"') {
						name += '"';
						j += 2;
						continue;
					}
					break;
				}
				name += text[j++];
			}
			if (!columns.includes(name))
				throw new ValueExprError(`Unknown column ${JSON.stringify(name)} at position ${at}`, at);
			tokens.push({ kind: 'column', name, at });
			i = j + 1;
			continue;
		}
		const rest = text.slice(i);
		const column = byLength.find((c) => rest.startsWith(c));
		const word = WORD.exec(rest)?.[0] ?? '';
		if (column && column.length >= word.length) {
			tokens.push({ kind: 'column', name: column, at });
			i += column.length;
			continue;
		}
		const num = NUMBER.exec(rest)?.[0];
		if (num && num.length >= word.length) {
			tokens.push({ kind: 'number', value: Number(num), at });
			i += num.length;
			continue;
		}
		if (word) throw new ValueExprError(`Unknown column ${JSON.stringify(word)} at position ${at}`, at);
		if ('+-*/()'.includes(ch)) {
			tokens.push({ kind: 'op', op: ch as '+' | '-' | '*' | '/' | '(' | ')', at });
			i++;
			continue;
		}
		throw new ValueExprError(
			`Unexpected ${JSON.stringify(ch)} at position ${at}: a value expression has column names, numbers, + - * / and parentheses`,
			at
		);
	}
	tokens.push({ kind: 'end', at: text.length + 1 });
	return tokens;
}

function describe(t: Token): string {
	switch (t.kind) {
		case 'end':
			return 'the end of the expression';
		case 'column':
			return `column ${JSON.stringify(t.name)}`;
		case 'number':
			return `number ${t.value}`;
		default:
			return `"${t.op}"`;
	}
}

/** Parses a value expression such as `Quantity * UnitPrice` against the dataset's column names. */
export function parseValueExpr(text: string, columns: readonly string[]): ValueExpr {
	const tokens = tokenize(text, columns);
	let pos = 0;
	const peek = () => tokens[pos];
	const isOp = (op: string) => {
		const t = tokens[pos];
		return t.kind === 'op' && t.op === op;
	};
	const fail = (expected: string): never => {
		const t = peek();
		throw new ValueExprError(`Expected ${expected} at position ${t.at}, found ${describe(t)}`, t.at);
	};

	function sum(): ValueExpr {
		let left = product();
		while (isOp('+') || isOp('-')) {
			const op = (tokens[pos++] as { op: '+' | '-' }).op;
			left = { type: 'binary', op, left, right: product() };
		}
		return left;
	}
	function product(): ValueExpr {
		let left = unary();
		while (isOp('*') || isOp('/')) {
			const op = (tokens[pos++] as { op: '*' | '/' }).op;
			left = { type: 'binary', op, left, right: unary() };
		}
		return left;
	}
	function unary(): ValueExpr {
		if (isOp('-')) {
			pos++;
			return { type: 'negate', arg: unary() };
		}
		if (isOp('+')) {
			pos++;
			return unary();
		}
		return primary();
	}
	function primary(): ValueExpr {
		const t = peek();
		if (t.kind === 'number') {
			pos++;
			return { type: 'number', value: t.value };
		}
		if (t.kind === 'column') {
			pos++;
			return { type: 'column', name: t.name };
		}
		if (isOp('(')) {
			pos++;
			const inner = sum();
			if (!isOp(')')) fail('")"');
			pos++;
			return inner;
		}
		return fail('a column name, a number or "("');
	}

	if (peek().kind === 'end') throw new ValueExprError('A value expression must not be empty', 1);
	const expr = sum();
	if (peek().kind !== 'end') fail('an operator (+ - * /)');
	return expr;
}

/**
 * DOUBLE arithmetic, like pandas' float64: columns pass through `TRY_CAST(... AS DOUBLE)` so a numeric
 * column read as text still works (non-numbers become NULL); division by zero gives NULL, not an error
 * or infinity.
 */
export function valueExprSql(expr: ValueExpr, columnSql: (name: string) => string = ident): string {
	switch (expr.type) {
		case 'column':
			return `TRY_CAST(${columnSql(expr.name)} AS DOUBLE)`;
		case 'number':
			return `CAST(${literal(expr.value)} AS DOUBLE)`;
		case 'negate':
			return `(-${valueExprSql(expr.arg, columnSql)})`;
		case 'binary': {
			const left = valueExprSql(expr.left, columnSql);
			const right = valueExprSql(expr.right, columnSql);
			return expr.op === '/' ? `(${left} / NULLIF(${right}, 0))` : `(${left} ${expr.op} ${right})`;
		}
	}
}

/** The columns an expression reads, in first-use order. */
export function valueExprColumns(expr: ValueExpr): string[] {
	const out: string[] = [];
	const walk = (e: ValueExpr): void => {
		if (e.type === 'column') {
			if (!out.includes(e.name)) out.push(e.name);
		} else if (e.type === 'negate') walk(e.arg);
		else if (e.type === 'binary') {
			walk(e.left);
			walk(e.right);
		}
	};
	walk(expr);
	return out;
}
