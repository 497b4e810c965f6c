import { pino, type Logger } from 'pino';

export type { Logger };

/** One log stream for the whole process: JSON in production, pretty in a terminal. */
export function createLogger(level: string): Logger {
  const pretty = process.stdout.isTTY && process.env.CI !== 'true';
  return pino({
    level,
    base: undefined,
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  });
}
