/** Ends an exhaustive switch: a new step kind (or operator) that is not handled fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}
