// jstat ships no type declarations: the few distribution functions the experiments statistics use.
declare module 'jstat' {
  interface JStatStatic {
    chisquare: { cdf(x: number, dof: number): number };
    normal: { cdf(x: number, mean: number, std: number): number; inv(p: number, mean: number, std: number): number };
    /** P(X = k) drawing n from a population of N that holds m successes. */
    hypgeom: { pdf(k: number, N: number, m: number, n: number): number };
  }
  const jstat: { jStat: JStatStatic };
  export default jstat;
}
