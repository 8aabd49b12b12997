/**
 * The node arguments that run this project's TypeScript sources as they are (src/main.ts,
 * src/cli/main.ts), compiled on the fly by SWC with decorator metadata, as `npm run cli` does.
 *
 * `--disable-warning=DEP0205`: @swc-node/register (1.12, the latest) still hooks modules with
 * `module.register()`, which Node 26 deprecates with a warning on stderr; the hook works, and
 * an operator's CLI output (and the tests that read it) should not carry that line.
 */
export const TYPESCRIPT_NODE_ARGS = [
  '--disable-warning=DEP0205',
  '--import',
  '@swc-node/register/esm-register',
];
