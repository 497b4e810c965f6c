/** A positive whole number from the environment (bench sizes and rates), else the default. */
export function intFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number (got ${JSON.stringify(text)})`);
  return value;
}
