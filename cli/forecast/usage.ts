/** A problem with the options or the files: one line on stderr, exit code 2. */
export class UsageError extends Error {}
