import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Fields that carry customer values and never reach a log in plain text (unless LOG_PII=true), at
 * any of the first three levels: addresses, names, profiles, and what we write to customers
 * (subjects, rendered text, call scripts) or they write to us (comments, notes).
 */
const PII_FIELDS = ['email', 'phone', 'name', 'to', 'receptor', 'address', 'customer', 'customerName', 'subject', 'text', 'html', 'script', 'comment', 'notes'];
const PII_PATHS = PII_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]);
const CREDENTIAL_PATHS = ['req.headers.authorization', 'req.headers["x-peygir-signature"]'];

/** Email addresses and Iranian mobile numbers inside any logged text (an SMTP reply quoting the recipient, say). */
const IN_TEXT = [
  { pattern: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, replacement: '[email]' },
  { pattern: /(?<![\w+])(?:\+98|0098|0)?9\d{9}\b/g, replacement: '[phone]' },
];

const scrubText = (text: string): string => IN_TEXT.reduce((result, { pattern, replacement }) => result.replace(pattern, replacement), text);

function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const copy = Object.assign(new Error(scrubText(value.message)), scrub({ ...value }, depth + 1));
    // The name stays off the enumerable fields: `name` is a customer field and would be redacted.
    Object.defineProperty(copy, 'name', { value: value.name, enumerable: false });
    return Object.assign(copy, { stack: scrubText(value.stack ?? '') });
  }
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  // Class instances (Fastify's request and reply, a socket) are left to their serializers: a copy of their
  // own fields loses what the serializer reads from the prototype (the request's method and URL) and costs
  // a walk through the whole object on every request.
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrub(item, depth + 1)]));
}

export interface LoggerOptions {
  /** LOG_PII: log customer emails, phones, names, subjects and message texts in plain text (debugging only). */
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
    serializers: {
      // Fastify's request and reply: method, URL (addresses in a query string scrubbed) and status, nothing else.
      req: (req: { method?: string; url?: string }) => ({ method: req.method, url: options.logPii ? req.url : scrubText(req.url ?? '') }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    ...(options.logPii
      ? {}
      : {
          hooks: {
            logMethod(this: Logger, args: unknown[], method: (...args: unknown[]) => void) {
              method.apply(this, args.map((arg) => scrub(arg)));
            },
          },
        }),
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
