/** A failure the CLI explains in one message and an exit code, never a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
  }
}

/**
 * 0 fine, 1 the sequences have problems, 2 the command was used wrongly (bad arguments, missing files),
 * 69 a program the command needs is not installed (sysexits EX_UNAVAILABLE).
 */
export const EXIT = { ok: 0, problems: 1, usage: 2, unavailable: 69, internal: 70 } as const;
