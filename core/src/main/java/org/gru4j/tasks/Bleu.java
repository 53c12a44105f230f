package org.gru4j.tasks;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Corpus BLEU (Papineni, Roukos, Ward and Zhu 2002) with one reference per sentence:
 * <pre>
 *   p_n  = sum over sentences of clipped n-gram matches / sum over sentences of candidate n-grams,  n = 1..N
 *          (clipped: an n-gram counts at most as often as it occurs in the reference)
 *   BP   = 1 if c &gt; r, else exp(1 - r / c)     c, r: total candidate and reference lengths
 *   BLEU = BP * exp(sum_n (1/N) ln p_n)         0 when some p_n is 0 (no smoothing), N = 4 by default
 * </pre>
 * Counts are summed over the corpus before dividing, as the paper does, not averaged per sentence. Tokens are
 * compared as given: tokenize and case-fold both sides the same way first. Scores are in [0, 1];
 * {@link Score#toString()} prints them times 100, the usual way.
 */
public final class Bleu {
    private Bleu() {
    }

    /** The score and what it is made of. */
    public record Score(double bleu, double[] precisions, double brevityPenalty, long candidateLength,
                        long referenceLength) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "BLEU %.2f (", bleu * 100));
            for (int n = 0; n < precisions.length; n++) {
                sb.append(n > 0 ? "/" : "").append(String.format(Locale.ROOT, "%.1f", precisions[n] * 100));
            }
            return sb.append(String.format(Locale.ROOT, ", BP %.3f, length %d/%d)", brevityPenalty, candidateLength,
                    referenceLength)).toString();
        }
    }

    /** BLEU-4 of tokenized candidates against one tokenized reference each. */
    public static Score corpus(List<List<String>> candidates, List<List<String>> references) {
        return corpus(candidates, references, 4);
    }

    /** BLEU with n-grams up to {@code maxN}. */
    public static Score corpus(List<List<String>> candidates, List<List<String>> references, int maxN) {
        if (candidates.size() != references.size()) {
            throw new IllegalArgumentException("expected one reference per candidate, got " + candidates.size()
                    + " candidates and " + references.size() + " references");
        }
        if (maxN < 1) {
            throw new IllegalArgumentException("maxN must be >= 1, got " + maxN);
        }
        long[] matches = new long[maxN];
        long[] totals = new long[maxN];
        long c = 0;
        long r = 0;
        for (int i = 0; i < candidates.size(); i++) {
            List<String> cand = candidates.get(i);
            List<String> ref = references.get(i);
            c += cand.size();
            r += ref.size();
            for (int n = 1; n <= maxN; n++) {
                Map<List<String>, Integer> refCounts = ngrams(ref, n);
                for (Map.Entry<List<String>, Integer> e : ngrams(cand, n).entrySet()) {
                    matches[n - 1] += Math.min(e.getValue(), refCounts.getOrDefault(e.getKey(), 0));
                    totals[n - 1] += e.getValue();
                }
            }
        }
        double[] p = new double[maxN];
        double logSum = 0;
        boolean zero = false;
        for (int n = 0; n < maxN; n++) {
            p[n] = totals[n] == 0 ? 0 : (double) matches[n] / totals[n];
            if (p[n] == 0) {
                zero = true;
            } else {
                logSum += Math.log(p[n]) / maxN;
            }
        }
        double bp = c == 0 ? 0 : c > r ? 1 : Math.exp(1 - (double) r / c);
        return new Score(zero ? 0 : bp * Math.exp(logSum), p, bp, c, r);
    }

    private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
        Map<List<String>, Integer> m = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            m.merge(List.copyOf(tokens.subList(i, i + n)), 1, Integer::sum);
        }
        return m;
    }
}
