import { describe, expect, it } from 'vitest';
import { typeInWords } from './type-names.ts';

describe('column types in the words of the report', () => {
	it('names the types a load gives columns', () => {
		expect(typeInWords('VARCHAR')).toBe('text');
		expect(typeInWords('BIGINT')).toBe('whole number');
		expect(typeInWords('INTEGER')).toBe('whole number');
		expect(typeInWords('UBIGINT')).toBe('whole number');
		expect(typeInWords('DOUBLE')).toBe('decimal');
		expect(typeInWords('DECIMAL(18,3)')).toBe('decimal');
		expect(typeInWords('TIMESTAMP WITH TIME ZONE')).toBe('date and time');
		expect(typeInWords('TIMESTAMP')).toBe('date and time');
		expect(typeInWords('TIMESTAMP_MS')).toBe('date and time');
		expect(typeInWords('DATE')).toBe('date');
		expect(typeInWords('BOOLEAN')).toBe('true/false');
	});
	it('names nested types by what they hold', () => {
		expect(typeInWords('VARCHAR[]')).toBe('list of text');
		expect(typeInWords('BIGINT[][]')).toBe('list of list of whole number');
		expect(typeInWords('STRUCT(a VARCHAR, b BIGINT)')).toBe('record');
		expect(typeInWords('MAP(VARCHAR, BIGINT)')).toBe('key-value pairs');
	});
	it('shows an unknown type lower-cased as written', () => {
		expect(typeInWords('GEOMETRY')).toBe('geometry');
	});
});
