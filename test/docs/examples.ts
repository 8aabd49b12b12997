/**
 * The documentation's examples, run as a reader pastes them.
 *
 * The convention (README.md, "A short tour", and docs/api-guide.md follow it):
 * - every ```sh (or ```bash, ```shell) block runs, in order, in ONE bash session per document
 *   (`set -euo pipefail`), so a shell variable one block sets is there for the next; a block
 *   whose fence says `norun` (```sh norun) is left alone (`npm install`, `npm test`);
 * - a ```graphql block is sent as it stands to /graphql, with `$TOKEN` when the session has one;
 * - the examples speak to http://localhost:3000, which the runner replaces with the server's URL;
 * - `<!-- expect: ... -->` on the line before a block says what the block's LAST answer must
 *   hold: JSON is matched as a subset (objects: these keys, with matching values; arrays: each
 *   element matches some element of the answer's array), anything else is text the output must
 *   contain. Every GraphQL answer a block prints must be free of `errors`, except the last one
 *   when its expectation names `errors`.
 */
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';

export const DOCUMENTED_URL = 'http://localhost:3000';

export type Expectation = { kind: 'json'; value: unknown } | { kind: 'text'; value: string };

export interface Example {
  /** 1-based line of the opening fence, for messages. */
  line: number;
  language: 'sh' | 'graphql';
  code: string;
  expect: Expectation | null;
}

const RUNNABLE: Record<string, Example['language']> = {
  sh: 'sh',
  bash: 'sh',
  shell: 'sh',
  graphql: 'graphql',
};
const EXPECT = /^<!--\s*expect:\s*(.*?)\s*-->$/;

/** The runnable fenced blocks of a Markdown text, in order, with their expectations. */
export function runnableExamples(markdown: string): Example[] {
  const lines = markdown.split('\n');
  const examples: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*```(\w*)(.*)$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    const language = RUNNABLE[open[1]];
    if (!language || /\bnorun\b/.test(open[2])) continue;
    let previous = start - 1;
    while (previous >= 0 && lines[previous].trim() === '') previous--;
    const expectation = previous >= 0 ? EXPECT.exec(lines[previous].trim()) : null;
    examples.push({
      line: start + 1,
      language,
      code: body.join('\n'),
      expect: expectation ? parseExpectation(expectation[1]) : null,
    });
  }
  return examples;
}

function parseExpectation(text: string): Expectation {
  try {
    return { kind: 'json', value: JSON.parse(text) };
  } catch {
    return { kind: 'text', value: text };
  }
}

/** The shell a ```graphql block stands for: one POST, with the session's token if it has one. */
function graphqlAsShell(document: string): string {
  const body = JSON.stringify({ query: document });
  return [
    `curl -s ${DOCUMENTED_URL}/graphql -H 'content-type: application/json' \\`,
    `  \${TOKEN:+-H "authorization: Bearer $TOKEN"} --data-binary @- <<'WONTAK_GRAPHQL_BODY'`,
    body,
    'WONTAK_GRAPHQL_BODY',
  ].join('\n');
}

export interface ExampleRun {
  example: Example;
  /** False when an earlier block stopped the session. */
  ran: boolean;
  stdout: string;
  stderr: string;
}

export interface SessionRun {
  exitCode: number | null;
  examples: ExampleRun[];
}

const MARK = '@@wontak-example@@';

/**
 * Runs the examples, in order, in one bash session against `baseUrl` (which replaces
 * http://localhost:3000). Each block's output is kept apart by a marker line written before it.
 */
export function runExamples(
  examples: Example[],
  baseUrl: string,
  timeoutMs = 120_000,
): Promise<SessionRun> {
  const script = ['set -euo pipefail'];
  for (const example of examples) {
    script.push(`printf '\\n${MARK}\\n'; printf '\\n${MARK}\\n' >&2`);
    const code = example.language === 'graphql' ? graphqlAsShell(example.code) : example.code;
    script.push(code.replaceAll(DOCUMENTED_URL, baseUrl));
  }
  const env = {
    // `node` and `curl` as a reader has them: the node running the tests first.
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: process.env.HOME ?? '/tmp',
    LANG: 'C.UTF-8',
  };
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script.join('\n')], { env, timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (exitCode) => {
      const outs = stdout.split(`\n${MARK}\n`).slice(1);
      const errs = stderr.split(`\n${MARK}\n`).slice(1);
      resolve({
        exitCode,
        examples: examples.map((example, i) => ({
          example,
          ran: i < outs.length,
          stdout: outs[i] ?? '',
          stderr: errs[i] ?? '',
        })),
      });
    });
  });
}

/** Every top-level JSON object in a text (curl prints answers back to back, without newlines). */
export function jsonObjectsIn(text: string): unknown[] {
  const found: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"' && depth > 0) {
      inString = true;
    } else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && depth > 0 && --depth === 0) {
      try {
        found.push(JSON.parse(text.slice(start, i + 1)));
      } catch {
        // Not JSON after all (a shell brace in some text): not an answer.
      }
    }
  }
  return found;
}

/** Whether `actual` holds everything `expected` states (see the convention above). */
export function holds(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) && expected.every((item) => actual.some((each) => holds(each, item)))
    );
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    return Object.entries(expected).every(([key, value]) =>
      holds((actual as Record<string, unknown>)[key], value),
    );
  }
  return Object.is(actual, expected);
}

function hasErrors(answer: unknown): boolean {
  return answer !== null && typeof answer === 'object' && 'errors' in answer;
}

/** What is wrong with a session's run, one sentence per problem; empty when all is well. */
export function problemsOf(name: string, run: SessionRun): string[] {
  const problems: string[] = [];
  for (const { example, ran, stdout } of run.examples) {
    const where = `${name}:${example.line}`;
    if (!ran) {
      problems.push(`${where} did not run (an earlier block stopped the session)`);
      continue;
    }
    const answers = jsonObjectsIn(stdout);
    const expected = example.expect;
    const errorsExpected =
      expected?.kind === 'json' && hasErrors(expected.value) ? answers.length - 1 : -1;
    answers.forEach((answer, i) => {
      if (hasErrors(answer) && i !== errorsExpected) {
        problems.push(`${where} answered with errors: ${JSON.stringify(answer)}`);
      }
    });
    if (expected?.kind === 'json') {
      const last = answers.at(-1);
      if (last === undefined) problems.push(`${where} printed no JSON answer; stdout: ${stdout}`);
      else if (!holds(last, expected.value)) {
        problems.push(
          `${where}: the answer ${JSON.stringify(last)} does not hold ${JSON.stringify(expected.value)}`,
        );
      }
    } else if (expected?.kind === 'text' && !stdout.includes(expected.value)) {
      problems.push(`${where}: the output does not contain "${expected.value}": ${stdout}`);
    }
  }
  const stoppedAt = run.examples.findLast((each) => each.ran);
  if (run.exitCode !== 0) {
    problems.push(
      `the session exited with ${run.exitCode}` +
        (stoppedAt ? ` in ${name}:${stoppedAt.example.line}; stderr: ${stoppedAt.stderr}` : ''),
    );
  }
  return problems;
}
