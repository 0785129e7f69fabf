// `natural` ships types for its package root only. We import two leaf modules directly because the
// root eagerly loads classifiers, WordNet and tokenizers (~270 ms of start-up measured on Node 20 vs
// ~5 ms for the two files); these declarations cover exactly what phonetic.ts uses.

declare module 'natural/lib/natural/phonetics/double_metaphone.js' {
  /** Lawrence Philips' Double Metaphone: `[primary, alternate]` keys, e.g. "bob" → ["PP", "PP"]. */
  const DoubleMetaphone: { process(token: string, maxLength?: number): [string, string] };
  export default DoubleMetaphone;
}

declare module 'natural/lib/natural/distance/jaro-winkler_distance.js' {
  /** Jaro-Winkler similarity in [0, 1] (1 = identical), despite the name. */
  export default function JaroWinklerDistance(
    s1: string,
    s2: string,
    options?: { readonly ignoreCase?: boolean },
  ): number;
}
