import type { Locale } from '../../../src/dsl/definition.js';
import { escapeHtml } from './html.js';

/** Persian needs a font that has its glyphs and shapes them well; Tahoma is on nearly every desktop. */
const FONT_STACKS: Record<Locale, string> = {
  fa: "Vazirmatn, Vazir, Tahoma, 'Segoe UI', 'Noto Sans Arabic', Arial, sans-serif",
  en: "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
};

const FOOTERS: Record<Locale, (unsubscribeUrl: string) => string> = {
  fa: (url) => `نمی‌خواهید این ایمیل‌ها را دریافت کنید؟ <a href="${url}" style="color:#6b7280">لغو اشتراک</a>`,
  en: (url) => `Don't want these emails? <a href="${url}" style="color:#6b7280">Unsubscribe</a>`,
};

export interface LayoutInput {
  locale: Locale;
  subject: string;
  /** Trusted HTML (already escaped or authored), placed in the card. */
  bodyHtml: string;
  /** The preview line inbox lists show after the subject; hidden in the message itself. */
  preheader?: string | undefined;
  unsubscribeUrl: string;
  openPixelUrl: string;
}

/**
 * The one responsive layout every email shares: a centred card up to 600px wide, right-to-left with a
 * Persian font stack for `fa`, left-to-right for `en`; styles are inline because many clients drop
 * <style>. Ends with the unsubscribe link and the open pixel.
 */
export function emailLayout(input: LayoutInput): string {
  const dir = input.locale === 'fa' ? 'rtl' : 'ltr';
  const align = dir === 'rtl' ? 'right' : 'left';
  const font = FONT_STACKS[input.locale];
  const preheader = input.preheader
    ? `<div style="display:none;max-height:0;overflow:hidden;opacity:0;color:transparent;mso-hide:all">${escapeHtml(input.preheader)}</div>\n`
    : '';
  return `<!DOCTYPE html>
<html lang="${input.locale}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(input.subject)}</title>
<style>@media (max-width: 620px) { .peygir-card { padding: 16px !important; border-radius: 0 !important; } }</style>
</head>
<body dir="${dir}" style="margin:0;padding:0;background:#f4f5f7;font-family:${font}">
${preheader}<div dir="${dir}" style="max-width:600px;margin:0 auto;padding:24px 8px">
<div class="peygir-card" style="background:#ffffff;border-radius:8px;padding:24px;color:#1f2328;font-family:${font};font-size:16px;line-height:1.9;text-align:${align}">
${input.bodyHtml}
</div>
<div style="padding:16px 8px;color:#6b7280;font-family:${font};font-size:12px;line-height:1.6;text-align:center">${FOOTERS[input.locale](escapeHtml(input.unsubscribeUrl))}</div>
</div>
<img src="${escapeHtml(input.openPixelUrl)}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px">
</body>
</html>
`;
}

const TEXT_FOOTERS: Record<Locale, string> = {
  fa: 'لغو اشتراک:',
  en: 'Unsubscribe:',
};

/** The plain-text part: the rendered text and the unsubscribe link. */
export const textWithFooter = (locale: Locale, text: string, unsubscribeUrl: string): string =>
  `${text.trimEnd()}\n\n--\n${TEXT_FOOTERS[locale]} ${unsubscribeUrl}\n`;
