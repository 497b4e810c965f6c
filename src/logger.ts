import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Customer fields that never reach a log in plain text (unless LOG_PII=true), at any of the first three levels. */
const PII_FIELDS = ['email', 'phone', 'name', 'to', 'receptor'];
const PII_PATHS = PII_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]);
const CREDENTIAL_PATHS = ['req.headers.authorization', 'req.headers["x-peygir-signature"]'];

export interface LoggerOptions {
  /** LOG_PII: log customer emails, phones and names in plain text (debugging only). */
  logPii?: boolean;
  /** Where JSON lines go instead of stdout (tests). */
  destination?: DestinationStream;
}

/** One log stream for the whole process: JSON in production, pretty in a terminal; PII and credentials redacted. */
export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  const pretty = !options.destination && process.stdout.isTTY && process.env.CI !== 'true';
  const settings = {
    level,
    base: undefined,
    redact: { paths: [...CREDENTIAL_PATHS, ...(options.logPii ? [] : PII_PATHS)], censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
