// Moved to the pure layer (src/lib/sql/schema.ts) so compilers can import it; kept while ingest moves over.
export * from '../sql/schema.ts';
