import { z } from 'zod';
import type { Config } from '../config.js';
import { signToken, verifyToken, type TokenPurpose } from './signing.js';

/** Which message a link in an email belongs to. */
export interface MessageRef {
  customerId: string;
  sequenceId: string;
  /** The message's stable key (enrollment workflow ID + step ID), as in its Message-ID. */
  messageKey: string;
}

export interface LinkSettings {
  /** PEYGIR_SECRET */
  secret: string;
  /** PUBLIC_BASE_URL: where customers reach the API. */
  publicBaseUrl: string;
}

/**
 * Where the API serves each kind of link. The token travels in the `t` query parameter: it is longer
 * than the router allows a path parameter to be (a click token carries the whole target URL).
 */
export const LINK_PATHS = { unsubscribe: '/unsubscribe', open: '/t/o', click: '/t/c' } as const;

/** Signed links for emails and the API side that reads them back; nothing else can make or read them. */
export interface Links {
  unsubscribeUrl(ref: MessageRef): string;
  openUrl(ref: MessageRef): string;
  /** A redirect to `target` (http or https) through the click tracker; the target is inside the signature. */
  clickUrl(ref: MessageRef, target: string): string;
  readUnsubscribe(token: string): MessageRef | undefined;
  readOpen(token: string): MessageRef | undefined;
  readClick(token: string): (MessageRef & { target: string }) | undefined;
}

export const isHttpUrl = (value: string): boolean =>
  URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol);

// Short keys keep links in emails short.
const refSchema = z.object({ c: z.string().min(1), s: z.string(), m: z.string().min(1) });
const clickSchema = refSchema.extend({ u: z.string().refine(isHttpUrl) });
type RefPayload = z.infer<typeof refSchema>;

const toPayload = (ref: MessageRef): RefPayload => ({ c: ref.customerId, s: ref.sequenceId, m: ref.messageKey });
const fromPayload = (payload: RefPayload): MessageRef => ({
  customerId: payload.c,
  sequenceId: payload.s,
  messageKey: payload.m,
});

export function createLinks(settings: LinkSettings): Links {
  const base = settings.publicBaseUrl.replace(/\/+$/, '');
  const url = (purpose: TokenPurpose, payload: unknown): string =>
    `${base}${LINK_PATHS[purpose]}?t=${signToken(settings.secret, purpose, payload)}`;
  const read = <T>(purpose: TokenPurpose, schema: z.ZodType<T>, token: string): T | undefined => {
    const parsed = schema.safeParse(verifyToken(settings.secret, purpose, token));
    return parsed.success ? parsed.data : undefined;
  };

  return {
    unsubscribeUrl: (ref) => url('unsubscribe', toPayload(ref)),
    openUrl: (ref) => url('open', toPayload(ref)),
    clickUrl(ref, target) {
      if (!isHttpUrl(target)) throw new Error(`only http(s) links can be tracked, got ${JSON.stringify(target)}`);
      return url('click', { ...toPayload(ref), u: target });
    },
    readUnsubscribe(token) {
      const payload = read('unsubscribe', refSchema, token);
      return payload && fromPayload(payload);
    },
    readOpen(token) {
      const payload = read('open', refSchema, token);
      return payload && fromPayload(payload);
    },
    readClick(token) {
      const payload = read('click', clickSchema, token);
      return payload && { ...fromPayload(payload), target: payload.u };
    },
  };
}

export const linkSettingsFromConfig = (config: Pick<Config, 'PEYGIR_SECRET' | 'PUBLIC_BASE_URL'>): LinkSettings => ({
  secret: config.PEYGIR_SECRET,
  publicBaseUrl: config.PUBLIC_BASE_URL,
});
