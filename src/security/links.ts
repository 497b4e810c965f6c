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
  /** CLICK_LINK_MAX_AGE_DAYS: how long a tracked link in an email redirects (default 90 days). */
  clickMaxAgeDays?: number;
}

export const DEFAULT_CLICK_MAX_AGE_DAYS = 90;
const DAY_SECONDS = 86_400;

/**
 * Where the API serves each kind of link. The token travels in the `t` query parameter: it is longer
 * than the router allows a path parameter to be (a click token carries the whole target URL).
 */
export const LINK_PATHS = { unsubscribe: '/unsubscribe', open: '/t/o', click: '/t/c' } as const;

/** Signed links for emails and the API side that reads them back; nothing else can make or read them. */
export interface Links {
  unsubscribeUrl(ref: MessageRef): string;
  openUrl(ref: MessageRef): string;
  /**
   * A redirect to `target` (http or https) through the click tracker; the target and the link's expiry
   * are inside the signature. Only for URLs a template wrote, never for a customer's values.
   */
  clickUrl(ref: MessageRef, target: string): string;
  readUnsubscribe(token: string): MessageRef | undefined;
  readOpen(token: string): MessageRef | undefined;
  /** An expired link still says whose it was (`expired: true`): the tracker must not redirect it. */
  readClick(token: string): (MessageRef & { target: string; expired: boolean }) | undefined;
}

export const isHttpUrl = (value: string): boolean =>
  URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol);

// Short keys keep links in emails short.
const refSchema = z.object({ c: z.string().min(1), s: z.string(), m: z.string().min(1) });
// e: expiry in epoch seconds. Links made before clicks expired have none and are refused.
const clickSchema = refSchema.extend({ u: z.string().refine(isHttpUrl), e: z.number().int() });
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
      const expires = Math.floor(Date.now() / 1000) + (settings.clickMaxAgeDays ?? DEFAULT_CLICK_MAX_AGE_DAYS) * DAY_SECONDS;
      return url('click', { ...toPayload(ref), u: target, e: expires });
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
      return payload && { ...fromPayload(payload), target: payload.u, expired: payload.e * 1000 < Date.now() };
    },
  };
}

export const linkSettingsFromConfig = (config: Pick<Config, 'PEYGIR_SECRET' | 'PUBLIC_BASE_URL' | 'CLICK_LINK_MAX_AGE_DAYS'>): LinkSettings => ({
  secret: config.PEYGIR_SECRET,
  publicBaseUrl: config.PUBLIC_BASE_URL,
  clickMaxAgeDays: config.CLICK_LINK_MAX_AGE_DAYS,
});
