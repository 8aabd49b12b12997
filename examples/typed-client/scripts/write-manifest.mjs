// Writes persisted-query-manifest.json, the file the server's operator registers
// (`npm run cli -- documents:register persisted-query-manifest.json --client typed-client`),
// from the documents graphql-codegen wrote to src/gql/persisted-documents.json: Apollo's
// manifest format, each id the SHA-256 of its body, the operations in name order.
// With --check, writes nothing and fails when the file on disk is not what it would write.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getOperationAST, parse } from 'graphql';

const here = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const DOCUMENTS = here('src/gql/persisted-documents.json');
const MANIFEST = here('persisted-query-manifest.json');

const documents = JSON.parse(readFileSync(DOCUMENTS, 'utf8'));
const operations = Object.entries(documents).map(([id, body]) => {
  const hash = createHash('sha256').update(body, 'utf8').digest('hex');
  if (hash !== id) throw new Error(`${DOCUMENTS}: ${id} is not the SHA-256 of its document`);
  const operation = getOperationAST(parse(body));
  if (!operation?.name) throw new Error(`${DOCUMENTS}: ${id} is not one named operation`);
  return { id, name: operation.name.value, type: operation.operation, body };
});
operations.sort((a, b) => a.name.localeCompare(b.name, 'en'));
const text = `${JSON.stringify(
  { format: 'apollo-persisted-query-manifest', version: 1, operations },
  null,
  2,
)}\n`;

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(MANIFEST, 'utf8');
  } catch {
    // Missing: differs.
  }
  if (current !== text) {
    console.error(`${MANIFEST} is stale: run npm run example:codegen and commit the result`);
    process.exit(1);
  }
  console.log(`${MANIFEST} is up to date (${operations.length} operations)`);
} else {
  writeFileSync(MANIFEST, text);
  console.log(`Wrote ${MANIFEST} (${operations.length} operations)`);
}
