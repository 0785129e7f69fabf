/**
 * Text normalisation shared by the classifier and the entity extractors: what ASR and keyboards
 * produce becomes one form. NFKC folds full-width letters and digits (ＡＴＭ５００ → atm500); case is
 * folded; thousands separators go ("1,200" → "1200"); punctuation becomes space; currency symbols
 * become words.
 */
const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

export function isCjkChar(ch: string): boolean {
  return CJK.test(ch);
}

/** True when the text holds any Han character: treated as Mandarin for features and entities. */
export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/(\d),(?=\d{3}\b)/g, '$1')
    .replace(/\$/g, ' dollar ')
    .replace(/[¥￥]/g, ' yuan ')
    .replace(/€/g, ' euro ')
    .replace(/£/g, ' pound ')
    .replace(/'(?=[a-z])/g, '')
    .replace(/[^\p{L}\p{N}.%+#\s]/gu, ' ')
    .replace(/(^|\s)\.+|\.+(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
