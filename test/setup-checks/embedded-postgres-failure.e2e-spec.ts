import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/core/database/embedded-postgres.js';
import { StartupError } from '../../src/core/startup/startup-error.js';
import { freePort, removeFolder } from './support.js';

/** A cluster Postgres refuses to start is one sentence with Postgres's own reason, no stack. */
describe('an embedded Postgres that does not start', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'wontak-broken-pg-'));
    chmodSync(folder, 0o755); // as root, Postgres runs as the postgres user
  });
  afterAll(() => removeFolder(folder));

  it('says why, in one sentence, and what to do', async () => {
    // A folder that claims to be a cluster and is not one.
    mkdirSync(join(folder, 'postgres'), { mode: 0o700 });
    writeFileSync(join(folder, 'postgres', 'PG_VERSION'), '18\n');
    const start = startEmbeddedPostgres({ dataDir: folder, port: await freePort() });
    await expect(start).rejects.toThrow(StartupError);
    const message = await start.catch((error: Error) => error.message);
    expect(message).toMatch(
      /^The embedded Postgres in \S+ did not start \(.+\): fix what it names, or set DATABASE_URL to use a Postgres of your own\.$/,
    );
    expect(message).not.toContain('\n');
  }, 60_000);
});
