// The `sentiment` package (AFINN-165) ships no types; only what the offline analyzer uses.
declare module 'sentiment' {
  interface AnalysisResult {
    score: number;
    comparative: number;
    positive: string[];
    negative: string[];
  }
  interface AnalyzeOptions {
    extras?: Record<string, number>;
  }
  export default class Sentiment {
    analyze(phrase: string, options?: AnalyzeOptions): AnalysisResult;
  }
}
