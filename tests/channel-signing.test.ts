import { describe, expect, it } from 'vitest';
import { createLinks } from '../src/security/links.js';
import { signToken, verifyToken } from '../src/security/signing.js';

const SECRET = 'test-secret-0123456789';
const ref = { customerId: 'c-42', sequenceId: 'welcome', messageKey: 'enrollment/welcome/c-42/order-1001/1' };

describe('signed link tokens', () => {
  it('round-trip their payload for the same secret and purpose only', () => {
    const token = signToken(SECRET, 'unsubscribe', { c: 'c-42' });
    expect(token).toMatch(/^[\w-]+\.[\w-]{43}$/);
    expect(verifyToken(SECRET, 'unsubscribe', token)).toEqual({ c: 'c-42' });
    expect(verifyToken(SECRET, 'click', token)).toBeUndefined();
    expect(verifyToken('another-secret-0123456', 'unsubscribe', token)).toBeUndefined();
  });

  it('reject tampering and malformed tokens', () => {
    const [body, mac] = signToken(SECRET, 'open', { c: 'c-42' }).split('.');
    const otherBody = Buffer.from(JSON.stringify({ c: 'c-43' })).toString('base64url');
    for (const token of [`${otherBody}.${mac}`, `${body}.${mac?.slice(0, -2)}`, `${body}`, `${body}.${mac}.x`, '', '.', `${body}.${'A'.repeat(43)}`]) {
      expect(verifyToken(SECRET, 'open', token), token).toBeUndefined();
    }
  });

  it('links carry the message they belong to, under PUBLIC_BASE_URL', () => {
    const links = createLinks({ secret: SECRET, publicBaseUrl: 'https://peygir.example.ir/base/' });
    const token = (url: string): string => new URL(url).searchParams.get('t') ?? '';
    const unsubscribe = links.unsubscribeUrl(ref);
    expect(unsubscribe.startsWith('https://peygir.example.ir/base/unsubscribe?t=')).toBe(true);
    expect(links.readUnsubscribe(token(unsubscribe))).toEqual(ref);
    expect(links.readOpen(token(links.openUrl(ref)))).toEqual(ref);
    expect(links.readClick(token(links.clickUrl(ref, 'http://shop.example.ir/a?b=c')))).toEqual({ ...ref, target: 'http://shop.example.ir/a?b=c', expired: false });
    // A token for one kind of link reads as nothing for another.
    expect(links.readClick(token(unsubscribe))).toBeUndefined();
    expect(links.readUnsubscribe(token(links.openUrl(ref)))).toBeUndefined();
  });

  it('only http(s) targets can become click links', () => {
    const links = createLinks({ secret: SECRET, publicBaseUrl: 'https://peygir.example.ir' });
    for (const target of ['javascript:alert(1)', 'mailto:a@b.ir', '//evil.example', 'not a url']) {
      expect(() => links.clickUrl(ref, target), target).toThrow(/only http\(s\) links/);
    }
  });
});
