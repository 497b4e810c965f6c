import { describe, expect, it } from 'vitest';
import { normalizeProfile } from '../src/events/profile.js';

describe('normalizeProfile: the profile as intake stores it', () => {
  it('normalises every phone field a sequence declares, marks the unreadable ones, and leaves other fields alone', () => {
    const result = normalizeProfile({ name: 'سارا', phone: '+98 912 123 4567', mobile: '021 8877 6655', office: 9121234567 }, ['phone', 'mobile', 'office', 'fax']);
    expect(result).toEqual({
      customer: {
        name: 'سارا',
        phone: '+989121234567',
        phone_invalid: null,
        mobile: '021 8877 6655',
        mobile_invalid: expect.stringContaining('landline'),
        office: 9121234567,
        office_invalid: '9121234567 is not text',
      },
    });
  });

  it('keeps a zone under its canonical IANA name and refuses one that is not a zone', () => {
    expect(normalizeProfile({ timezone: 'asia/tehran' }, [])).toEqual({ customer: { timezone: 'Asia/Tehran' } });
    expect(normalizeProfile({ timezone: 'GMT+3:30' }, [])).toMatchObject({ problem: { status: 422, code: 'invalid_timezone', details: [{ path: 'customer.timezone' }] } });
  });
});
