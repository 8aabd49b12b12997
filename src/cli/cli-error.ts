/** The exit statuses, as the usage text and the operations guide state them. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2 } as const;

/** A problem the operator can fix: printed as one line, exit status 1 (2 for usage). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.FAILED,
  ) {
    super(message);
  }
}
