const PERSIAN_ZERO = 0x06f0; // ۰
const ARABIC_INDIC_ZERO = 0x0660; // ٠

/** Latin (0-9) and Arabic-Indic (٠-٩) digits → Persian digits (۰-۹); other characters are kept. */
export function toPersianDigits(text: string): string {
  return text.replace(/[0-9\u0660-\u0669]/g, (digit) => String.fromCharCode(PERSIAN_ZERO + digitValue(digit)));
}

/** Persian (۰-۹) and Arabic-Indic (٠-٩) digits → Latin digits (0-9); other characters are kept. */
export function toLatinDigits(text: string): string {
  return text.replace(/[\u06f0-\u06f9\u0660-\u0669]/g, (digit) => String(digitValue(digit)));
}

function digitValue(digit: string): number {
  const code = digit.charCodeAt(0);
  if (code >= PERSIAN_ZERO) return code - PERSIAN_ZERO;
  if (code >= ARABIC_INDIC_ZERO) return code - ARABIC_INDIC_ZERO;
  return code - 0x30;
}
