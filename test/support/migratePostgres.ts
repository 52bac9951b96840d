/**
 * Child process for the concurrent-start test: opens the hub's database (which migrates it), says
 * the schema version it found on stdout, and exits. Several of these started at once are several
 * hub processes starting together.
 */
import { openPostgres } from '../../src/main/core/store/database';
import { postgresSchemaVersion } from '../../src/main/core/store/postgres/migrate';

const db = openPostgres(process.argv[2]!);
process.stdout.write(`${postgresSchemaVersion(db)}\n`);
db.close();
