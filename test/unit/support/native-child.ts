// A process with a native engine open, for native-temp.test.ts: reads the CSV it is given through the
// engine, prints the engine's temporary directory, then waits to be signalled or killed (`wait`), fails
// with an uncaught error (`throw`), or exits with code 3 without closing the engine (`exit`).
import { createNativeDuck } from '../../../src/lib/engine/native-duck.ts';
import { nodeSource } from '../../../src/lib/engine/node-duck.ts';
import { literal } from '../../../src/lib/sql/quote.ts';

const [mode, input] = process.argv.slice(2);
const db = await createNativeDuck({ threads: 1 });
const name = `${db.files.dir}input`;
await db.files.register(name, await nodeSource(input));
await db.exec(`CREATE TABLE t AS SELECT * FROM read_csv(${literal(name)})`);
process.stdout.write(`${db.files.dir}\n`);
if (mode === 'throw')
	setTimeout(() => {
		throw new Error('the child fails');
	}, 10);
else if (mode === 'exit') process.exit(3);
else setInterval(() => {}, 60_000);
