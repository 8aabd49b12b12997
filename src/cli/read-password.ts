import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/**
 * The password, from standard input: the first line when piped (`echo pw | ...`), or typed at
 * a prompt that does not echo it when run in a terminal. Never from the command line, where it
 * would stay in the shell history and the process list.
 */
export async function readPassword(prompt = 'Password: '): Promise<string> {
  const interactive = process.stdin.isTTY === true;
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({
    input: process.stdin,
    output: interactive ? output : undefined,
    terminal: interactive,
  });
  try {
    return await new Promise<string>((resolve, reject) => {
      let answered = false;
      rl.once('line', (line) => {
        answered = true;
        resolve(line.replace(/\r$/, ''));
      });
      rl.once('close', () => {
        if (!answered) reject(new Error('no password on standard input'));
      });
      if (interactive) {
        process.stderr.write(prompt);
        muted = true;
      }
    });
  } finally {
    if (interactive) process.stderr.write('\n');
    rl.close();
  }
}
