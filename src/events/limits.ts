/**
 * What one event may weigh. Checked at intake, before the event reaches Temporal: an event that breaks
 * one is refused for good (4xx), never answered "retry later". Workflow state stays small because of them.
 */
export const EVENT_LIMITS = {
  /** Objects and arrays inside one another, counting the event itself (`data.a.b` is 3). */
  nestingDepth: 32,
  /** The event as UTF-8 JSON. */
  eventBytes: 64 * 1024,
  /** Fields in one event's `customer`. */
  profileFields: 100,
  /** One `customer` field's value as UTF-8 JSON (a name, an address, a list of tags). */
  profileFieldBytes: 1024,
} as const;

/** A limit an event breaks, with the HTTP status and the stable code it is answered with. */
export interface LimitProblem {
  status: 413 | 422;
  code: 'nesting_too_deep' | 'invalid_character' | 'event_too_large' | 'profile_too_large';
  message: string;
  details: { path: string; message: string }[];
}

const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');

/** The first limit `item` (an event as sent, not yet checked against the schema) breaks, if any. */
export function limitProblem(item: unknown): LimitProblem | undefined {
  const deepest = tooDeep(item);
  if (deepest !== undefined) {
    const message = `nested more than ${EVENT_LIMITS.nestingDepth} levels deep`;
    return { status: 422, code: 'nesting_too_deep', message: `${deepest}: ${message}`, details: [{ path: deepest, message }] };
  }
  const nul = nulCharacter(item);
  if (nul !== undefined) {
    const message = 'holds the character U+0000 (NUL), which cannot be stored: remove it';
    return { status: 422, code: 'invalid_character', message: `${nul || 'event'}: ${message}`, details: [{ path: nul, message }] };
  }
  const profile = profileProblem((item as { customer?: unknown } | null)?.customer);
  if (profile) return profile;
  const bytes = jsonBytes(item);
  if (bytes > EVENT_LIMITS.eventBytes) {
    const message = `${bytes} bytes of JSON; at most ${EVENT_LIMITS.eventBytes}`;
    return { status: 413, code: 'event_too_large', message: `event: ${message}`, details: [{ path: '', message }] };
  }
  return undefined;
}

/** Too many `customer` fields, or fields too large, named (checked before the event's size, so an oversized field is named). */
function profileProblem(customer: unknown): LimitProblem | undefined {
  if (!customer || typeof customer !== 'object' || Array.isArray(customer)) return undefined;
  const fields = Object.entries(customer);
  const details = fields.length > EVENT_LIMITS.profileFields
    ? [{ path: 'customer', message: `${fields.length} fields; at most ${EVENT_LIMITS.profileFields} in one event` }]
    : fields.flatMap(([field, value]) => {
        const size = jsonBytes(value);
        return size > EVENT_LIMITS.profileFieldBytes ? [{ path: `customer.${field}`, message: `${size} bytes of JSON; at most ${EVENT_LIMITS.profileFieldBytes}` }] : [];
      });
  if (details.length === 0) return undefined;
  return { status: 422, code: 'profile_too_large', message: details.map((d) => `${d.path}: ${d.message}`).join('; '), details };
}

/** The path of the first value nested deeper than the limit. */
const tooDeep = (root: unknown): string | undefined =>
  firstPath(root, (value, depth) => value !== null && typeof value === 'object' && depth > EVENT_LIMITS.nestingDepth);

/** The path of the first key or string holding U+0000, which PostgreSQL's text and jsonb cannot keep. */
const nulCharacter = (root: unknown): string | undefined =>
  firstPath(root, (value, _depth, key) => key.includes('\u0000') || (typeof value === 'string' && value.includes('\u0000')));

/** The path of the first value (or key) `found` picks, walked without recursion: any depth is safe. */
function firstPath(root: unknown, found: (value: unknown, depth: number, key: string) => boolean): string | undefined {
  const pending: { value: unknown; depth: number; path: string; key: string }[] = [{ value: root, depth: 1, path: '', key: '' }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, depth, path, key } = next;
    if (found(value, depth, key)) return path;
    if (value === null || typeof value !== 'object') continue;
    for (const [child, childValue] of Object.entries(value)) pending.push({ value: childValue, depth: depth + 1, path: path ? `${path}.${child}` : child, key: child });
  }
  return undefined;
}
