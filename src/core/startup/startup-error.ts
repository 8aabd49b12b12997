/**
 * Why the process cannot start, in one sentence that says what to do (set a variable, move a
 * folder). main.ts and the CLI print its message alone, without a stack: the reader is someone
 * starting the service, not debugging it.
 */
export class StartupError extends Error {}
