import { describe, expect, it } from 'vitest';
import { toLatinDigits, toPersianDigits } from '../src/locale/digits.js';
import { normalizeIranianMobile } from '../src/locale/phone.js';

describe('normalizeIranianMobile', () => {
  it.each([
    '09121234567',
    '9121234567',
    '+989121234567',
    '00989121234567',
    '989121234567',
    '+98 912 123 4567',
    '0912-123-4567',
    '(0912) 123 4567',
    '0912.123.4567',
    '+98 (0)912 123 4567',
    '۰۹۱۲۱۲۳۴۵۶۷',
    '+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷',
    '٠٩١٢١٢٣٤٥٦٧',
    '۰۹۱۲ 123 ٤٥٦٧',
    '\u200e+98 912\u00a0123\u200c4567\u200f',
    '  09121234567  ',
  ])('%j → +989121234567 / 09121234567', (input) => {
    expect(normalizeIranianMobile(input)).toEqual({ ok: true, e164: '+989121234567', local: '09121234567' });
  });

  it.each(['09351234567', '09901234567', '09981234567'])('accepts other operators: %s', (input) => {
    const result = normalizeIranianMobile(input);
    expect(result).toMatchObject({ ok: true, local: input, e164: `+98${input.slice(1)}` });
  });

  it.each([
    ['02188776655', 'landline'],
    ['+98 21 8877 6655', 'landline'],
    ['+14155552671', 'not an Iranian number'],
    ['+44 7911 123456', 'not an Iranian number'],
    ['0912123456', 'not a valid phone number'],
    ['091212345678', 'not a valid phone number'],
    ['hello', 'characters other than digits'],
    ['09121234567abc', 'characters other than digits'],
    ['0912 123 4567 یا 0935…', 'characters other than digits'],
    ['98+9121234567', 'characters other than digits'],
    ['', 'empty'],
    ['  - ', 'empty'],
  ])('rejects %j with a reason (%s)', (input, reasonPart) => {
    const result = normalizeIranianMobile(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reasonPart);
  });
});

describe('digits', () => {
  it('turns Latin and Arabic-Indic digits into Persian ones, keeping everything else', () => {
    expect(toPersianDigits('کد شما 4821 است، ٣٤')).toBe('کد شما ۴۸۲۱ است، ۳۴');
  });

  it('turns Persian and Arabic-Indic digits into Latin ones, keeping everything else', () => {
    expect(toLatinDigits('۰۱۲۳۴۵۶۷۸۹ ٠١٢٣٤٥٦٧٨٩ abc')).toBe('0123456789 0123456789 abc');
  });

  it('round-trips', () => {
    expect(toLatinDigits(toPersianDigits('0912-123-4567'))).toBe('0912-123-4567');
  });
});
