// `natural` ships types for its package root only; the stemmer is imported directly (see stemmer.ts).
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(word: string): string };
  export default PorterStemmer;
}
