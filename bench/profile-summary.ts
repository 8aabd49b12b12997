/**
 * Where a CPU profile's busy time goes, by part: node's `--cpu-prof` output (e.g. from
 * `BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=prof" npm run bench -- --only proposal-list`)
 * summarised as each package's share of the samples that were not idle.
 *
 *   npm run bench:profile -- prof/CPU.*.cpuprofile [--functions 25]
 *
 * Samples before the first one inside Apollo (the process starting) are left out. A sample is charged to the part owning the function on top of the stack (self time): a
 * package under node_modules by its name, our own code by its folder under src/, node's
 * internals, garbage collection, and "(program)" for native work V8 cannot attribute.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The part a function belongs to, from its script's URL. */
export function partOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'garbage collection';
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(program)') return '(program)';
    return `native ${functionName || '(anonymous)'}`;
  }
  if (url.startsWith('node:')) return `node ${url.slice(5).split('/')[0]}`;
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const src =
    /\/dist\/src\/([^/]+(?:\/[^/]+)?)\//.exec(url) ?? /\/src\/([^/]+(?:\/[^/]+)?)\//.exec(url);
  return src ? `wontak ${src[1]}` : url;
}

function summarise(file: string, functions: number): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parts = new Map<string, number>();
  const perFunction = new Map<string, number>();
  let busy = 0;
  // From the first sample inside Apollo on: the start (loading modules, migrations) is no
  // request's cost.
  let serving = false;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const part = partOf(frame);
    serving ||= part === '@apollo/server';
    if (!serving || part === '(idle)') return;
    const micros = profile.timeDeltas[i] ?? 0;
    busy += micros;
    parts.set(part, (parts.get(part) ?? 0) + micros);
    const name = `${frame.functionName || '(anonymous)'} ${part}:${frame.lineNumber + 1}`;
    perFunction.set(name, (perFunction.get(name) ?? 0) + micros);
  });
  const share = (micros: number) => `${((100 * micros) / busy).toFixed(1).padStart(5)}%`;
  console.log(`${file}: ${(busy / 1000).toFixed(0)} ms busy`);
  for (const [part, micros] of [...parts].sort((a, b) => b[1] - a[1]).slice(0, 30))
    console.log(`  ${share(micros)}  ${part}`);
  if (functions > 0) {
    console.log('  top functions (self time):');
    for (const [name, micros] of [...perFunction].sort((a, b) => b[1] - a[1]).slice(0, functions))
      console.log(`  ${share(micros)}  ${name}`);
  }
}

const args = process.argv.slice(2);
const at = args.indexOf('--functions');
const functions = at >= 0 ? Number(args.splice(at, 2)[1]) : 0;
for (const file of args) summarise(file, functions);
