package org.gru4j.kernels;

/**
 * Plain-Java reference kernels: the specification every faster implementation is tested against, the fallback
 * when the Vector API module is absent, and the tail handler of vector loops. Written for clarity first; loops
 * are ordered so the JIT streams through rows, but no other tricks.
 */
public class ScalarKernels implements Kernels {

    public static final ScalarKernels INSTANCE = new ScalarKernels();

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0f) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] = 0f;
                }
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] *= beta;
                }
            }
            if (k == 0 || alpha == 0f) {
                continue;
            }
            if (!transB) {
                // Row i of C accumulates alpha * A[i,p] * (row p of B): unit-stride over j.
                for (int p = 0; p < k; p++) {
                    float aip = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * b[bp + j];
                    }
                }
            } else {
                for (int j = 0; j < n; j++) {
                    int bj = bOff + j * ldb;
                    float s = 0f;
                    if (transA) {
                        for (int p = 0; p < k; p++) {
                            s += a[aOff + p * lda + i] * b[bj + p];
                        }
                    } else {
                        int ai = aOff + i * lda;
                        for (int p = 0; p < k; p++) {
                            s += a[ai + p] * b[bj + p];
                        }
                    }
                    c[ci + j] += alpha * s;
                }
            }
        }
    }

    /** The reference keeps B as a contiguous copy in its own layout, so products give the unprepared bits. */
    private static final class Copy implements Packed {
        final boolean transB;
        final int k;
        final int n;
        final float[] b;

        Copy(boolean transB, int k, int n, float[] b) {
            this.transB = transB;
            this.k = k;
            this.n = n;
            this.b = b;
        }

        @Override
        public int k() {
            return k;
        }

        @Override
        public int n() {
            return n;
        }
    }

    @Override
    public Packed pack(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        return pack(transB, k, n, b, bOff, ldb, null);
    }

    @Override
    public Packed pack(boolean transB, int k, int n, float[] b, int bOff, int ldb, Packed reuse) {
        int rows = transB ? n : k;
        int cols = transB ? k : n;
        float[] copy = reuse instanceof Copy c && c.b.length >= rows * cols ? c.b : new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(b, bOff + r * ldb, copy, r * cols, cols);
        }
        return new Copy(transB, k, n, copy);
    }

    @Override
    public void gemm(boolean transA, int m, float alpha, float[] a, int aOff, int lda, Packed b,
                     float beta, float[] c, int cOff, int ldc) {
        Copy p = (Copy) b;
        gemm(transA, p.transB, m, p.n, p.k, alpha, a, aOff, lda, p.b, 0, p.transB ? p.k : p.n, beta, c, cOff, ldc);
    }

    @Override
    public void gemv(boolean transA, int m, int n, float alpha, float[] a, int aOff, int lda,
                     float[] x, int xOff, float beta, float[] y, int yOff) {
        int ylen = transA ? n : m;
        for (int i = 0; i < ylen; i++) {
            y[yOff + i] = beta == 0f ? 0f : beta * y[yOff + i];
        }
        if (!transA) {
            for (int i = 0; i < m; i++) {
                y[yOff + i] += alpha * dot(n, a, aOff + i * lda, x, xOff);
            }
        } else {
            for (int i = 0; i < m; i++) {
                axpy(n, alpha * x[xOff + i], a, aOff + i * lda, y, yOff);
            }
        }
    }

    @Override
    public void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] + b[bOff + i];
        }
    }

    @Override
    public void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void adam(int n, float[] p, int pOff, float[] g, int gOff, float[] m, float[] v, int mvOff, double c1,
                     double c2, double lrT, double epsilon) {
        for (int i = 0; i < n; i++) {
            double gi = g[gOff + i];
            double mi = m[mvOff + i] + (gi - m[mvOff + i]) * c1;
            double vi = v[mvOff + i] + (gi * gi - v[mvOff + i]) * c2;
            m[mvOff + i] = (float) mi;
            v[mvOff + i] = (float) vi;
            p[pOff + i] = (float) (p[pOff + i] - lrT * mi / (Math.sqrt(vi) + epsilon));
        }
    }

    @Override
    public void scale(int n, float alpha, float[] x, int xOff) {
        for (int i = 0; i < n; i++) {
            x[xOff + i] *= alpha;
        }
    }

    @Override
    public float dot(int n, float[] a, int aOff, float[] b, int bOff) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    @Override
    public float sum(int n, float[] a, int aOff) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += a[aOff + i];
        }
        return s;
    }

    @Override
    public void sumRows(int rows, int cols, float[] x, int xOff, int ldx, float[] acc, int accOff) {
        for (int r = 0; r < rows; r++) {
            add(cols, acc, accOff, x, xOff + r * ldx, acc, accOff);
        }
    }

    /** Logistic sigmoid of one value, evaluated in double and rounded once. */
    public static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    /** Hyperbolic tangent of one value, evaluated in double and rounded once. */
    public static float tanh(float x) {
        return (float) Math.tanh(x);
    }

    @Override
    public void sigmoid(int n, float[] x, int xOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = sigmoid(x[xOff + i]);
        }
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = tanh(x[xOff + i]);
        }
    }

    @Override
    public void relu(int n, float[] x, int xOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            out[outOff + i] = v > 0f ? v : 0f;
        }
    }

    @Override
    public void gruResetAfterForward(int batch, int hidden,
                                     float[] xp, int xpOff, int xpStride,
                                     float[] hp, int hpOff,
                                     float[] hPrev, int hPrevOff, int hPrevStride,
                                     float[] cache, int cacheOff,
                                     float[] h, int hOff, int hStride) {
        gruResetAfterForward(GateActivation.SIGMOID, batch, hidden, xp, xpOff, xpStride, hp, hpOff, hPrev, hPrevOff, hPrevStride, cache, cacheOff, h, hOff, hStride);
    }

    /** {@link #gruResetAfterForward} with any gate activation (the reference for Keras's hard sigmoids). */
    public static void gruResetAfterForward(GateActivation act, int batch, int hidden,
                                     float[] xp, int xpOff, int xpStride,
                                     float[] hp, int hpOff,
                                     float[] hPrev, int hPrevOff, int hPrevStride,
                                     float[] cache, int cacheOff,
                                     float[] h, int hOff, int hStride) {
        int g3 = 3 * hidden;
        int g4 = 4 * hidden;
        for (int b = 0; b < batch; b++) {
            int x0 = xpOff + b * xpStride;
            int p0 = hpOff + b * g3;
            int c0 = cacheOff + b * g4;
            int hp0 = hPrevOff + b * hPrevStride;
            int h0 = hOff + b * hStride;
            for (int j = 0; j < hidden; j++) {
                float r = act.apply(xp[x0 + j] + hp[p0 + j]);
                float z = act.apply(xp[x0 + hidden + j] + hp[p0 + hidden + j]);
                float hpn = hp[p0 + 2 * hidden + j];
                float n = tanh(xp[x0 + 2 * hidden + j] + r * hpn);
                float old = hPrev[hp0 + j];
                cache[c0 + j] = r;
                cache[c0 + hidden + j] = z;
                cache[c0 + 2 * hidden + j] = n;
                cache[c0 + 3 * hidden + j] = hpn;
                h[h0 + j] = n + z * (old - n);
            }
        }
    }

    @Override
    public void gruResetAfterBackward(int batch, int hidden,
                                      float[] cache, int cacheOff,
                                      float[] hPrev, int hPrevOff, int hPrevStride,
                                      float[] dh, int dhOff, int dhStride,
                                      float[] dxp, int dxpOff, int dxpStride,
                                      float[] dhp, int dhpOff,
                                      float[] dhPrev, int dhPrevOff, int dhPrevStride) {
        gruResetAfterBackward(GateActivation.SIGMOID, batch, hidden, cache, cacheOff, hPrev, hPrevOff, hPrevStride, dh, dhOff, dhStride, dxp, dxpOff, dxpStride, dhp, dhpOff, dhPrev, dhPrevOff, dhPrevStride);
    }

    /** {@link #gruResetAfterBackward} with any gate activation (the reference for Keras's hard sigmoids). */
    public static void gruResetAfterBackward(GateActivation act, int batch, int hidden,
                                      float[] cache, int cacheOff,
                                      float[] hPrev, int hPrevOff, int hPrevStride,
                                      float[] dh, int dhOff, int dhStride,
                                      float[] dxp, int dxpOff, int dxpStride,
                                      float[] dhp, int dhpOff,
                                      float[] dhPrev, int dhPrevOff, int dhPrevStride) {
        int g3 = 3 * hidden;
        int g4 = 4 * hidden;
        for (int b = 0; b < batch; b++) {
            int c0 = cacheOff + b * g4;
            int hp0 = hPrevOff + b * hPrevStride;
            int d0 = dhOff + b * dhStride;
            int dx0 = dxpOff + b * dxpStride;
            int dp0 = dhpOff + b * g3;
            int dhp0 = dhPrevOff + b * dhPrevStride;
            for (int j = 0; j < hidden; j++) {
                float r = cache[c0 + j];
                float z = cache[c0 + hidden + j];
                float n = cache[c0 + 2 * hidden + j];
                float hpn = cache[c0 + 3 * hidden + j];
                float g = dh[d0 + j];
                float dnPre = g * (1f - z) * (1f - n * n);
                float dzPre = g * (hPrev[hp0 + j] - n) * act.derivative(z);
                float drPre = dnPre * hpn * act.derivative(r);
                dxp[dx0 + j] = drPre;
                dxp[dx0 + hidden + j] = dzPre;
                dxp[dx0 + 2 * hidden + j] = dnPre;
                dhp[dp0 + j] = drPre;
                dhp[dp0 + hidden + j] = dzPre;
                dhp[dp0 + 2 * hidden + j] = dnPre * r;
                dhPrev[dhp0 + j] = g * z;
            }
        }
    }

    @Override
    public void gruResetBeforeGates(int batch, int hidden,
                                    float[] xp, int xpOff, int xpStride,
                                    float[] hp, int hpOff,
                                    float[] hPrev, int hPrevOff, int hPrevStride,
                                    float[] cache, int cacheOff) {
        gruResetBeforeGates(GateActivation.SIGMOID, batch, hidden, xp, xpOff, xpStride, hp, hpOff, hPrev, hPrevOff, hPrevStride, cache, cacheOff);
    }

    /** {@link #gruResetBeforeGates} with any gate activation (the reference for Keras's hard sigmoids). */
    public static void gruResetBeforeGates(GateActivation act, int batch, int hidden,
                                    float[] xp, int xpOff, int xpStride,
                                    float[] hp, int hpOff,
                                    float[] hPrev, int hPrevOff, int hPrevStride,
                                    float[] cache, int cacheOff) {
        int g3 = 3 * hidden;
        int g4 = 4 * hidden;
        for (int b = 0; b < batch; b++) {
            int x0 = xpOff + b * xpStride;
            int p0 = hpOff + b * g3;
            int c0 = cacheOff + b * g4;
            int hp0 = hPrevOff + b * hPrevStride;
            for (int j = 0; j < hidden; j++) {
                float r = act.apply(xp[x0 + j] + hp[p0 + j]);
                float z = act.apply(xp[x0 + hidden + j] + hp[p0 + hidden + j]);
                cache[c0 + j] = r;
                cache[c0 + hidden + j] = z;
                cache[c0 + 3 * hidden + j] = r * hPrev[hp0 + j];
            }
        }
    }

    @Override
    public void gruResetBeforeOutput(int batch, int hidden,
                                     float[] xp, int xpOff, int xpStride,
                                     float[] hp, int hpOff,
                                     float[] hPrev, int hPrevOff, int hPrevStride,
                                     float[] cache, int cacheOff,
                                     float[] h, int hOff, int hStride) {
        gruResetBeforeOutput(GateActivation.SIGMOID, batch, hidden, xp, xpOff, xpStride, hp, hpOff, hPrev, hPrevOff, hPrevStride, cache, cacheOff, h, hOff, hStride);
    }

    /** {@link #gruResetBeforeOutput} with any gate activation (the reference for Keras's hard sigmoids). */
    public static void gruResetBeforeOutput(GateActivation act, int batch, int hidden,
                                     float[] xp, int xpOff, int xpStride,
                                     float[] hp, int hpOff,
                                     float[] hPrev, int hPrevOff, int hPrevStride,
                                     float[] cache, int cacheOff,
                                     float[] h, int hOff, int hStride) {
        int g3 = 3 * hidden;
        int g4 = 4 * hidden;
        for (int b = 0; b < batch; b++) {
            int x0 = xpOff + b * xpStride;
            int p0 = hpOff + b * g3;
            int c0 = cacheOff + b * g4;
            int hp0 = hPrevOff + b * hPrevStride;
            int h0 = hOff + b * hStride;
            for (int j = 0; j < hidden; j++) {
                float z = cache[c0 + hidden + j];
                float n = tanh(xp[x0 + 2 * hidden + j] + hp[p0 + 2 * hidden + j]);
                cache[c0 + 2 * hidden + j] = n;
                h[h0 + j] = n + z * (hPrev[hp0 + j] - n);
            }
        }
    }

    @Override
    public void gruResetBeforeBackwardOutput(int batch, int hidden,
                                             float[] cache, int cacheOff,
                                             float[] hPrev, int hPrevOff, int hPrevStride,
                                             float[] dh, int dhOff, int dhStride,
                                             float[] dxp, int dxpOff, int dxpStride,
                                             float[] dhp, int dhpOff,
                                             float[] dhPrev, int dhPrevOff, int dhPrevStride) {
        gruResetBeforeBackwardOutput(GateActivation.SIGMOID, batch, hidden, cache, cacheOff, hPrev, hPrevOff, hPrevStride, dh, dhOff, dhStride, dxp, dxpOff, dxpStride, dhp, dhpOff, dhPrev, dhPrevOff, dhPrevStride);
    }

    /** {@link #gruResetBeforeBackwardOutput} with any gate activation (the reference for Keras's hard sigmoids). */
    public static void gruResetBeforeBackwardOutput(GateActivation act, int batch, int hidden,
                                             float[] cache, int cacheOff,
                                             float[] hPrev, int hPrevOff, int hPrevStride,
                                             float[] dh, int dhOff, int dhStride,
                                             float[] dxp, int dxpOff, int dxpStride,
                                             float[] dhp, int dhpOff,
                                             float[] dhPrev, int dhPrevOff, int dhPrevStride) {
        int g3 = 3 * hidden;
        int g4 = 4 * hidden;
        for (int b = 0; b < batch; b++) {
            int c0 = cacheOff + b * g4;
            int hp0 = hPrevOff + b * hPrevStride;
            int d0 = dhOff + b * dhStride;
            int dx0 = dxpOff + b * dxpStride;
            int dp0 = dhpOff + b * g3;
            int dhp0 = dhPrevOff + b * dhPrevStride;
            for (int j = 0; j < hidden; j++) {
                float z = cache[c0 + hidden + j];
                float n = cache[c0 + 2 * hidden + j];
                float g = dh[d0 + j];
                float dnPre = g * (1f - z) * (1f - n * n);
                float dzPre = g * (hPrev[hp0 + j] - n) * act.derivative(z);
                dxp[dx0 + hidden + j] = dzPre;
                dxp[dx0 + 2 * hidden + j] = dnPre;
                dhp[dp0 + hidden + j] = dzPre;
                dhp[dp0 + 2 * hidden + j] = dnPre;
                dhPrev[dhp0 + j] = g * z;
            }
        }
    }

    @Override
    public void gruResetBeforeBackwardReset(int batch, int hidden,
                                            float[] cache, int cacheOff,
                                            float[] hPrev, int hPrevOff, int hPrevStride,
                                            float[] drh, int drhOff,
                                            float[] dxp, int dxpOff, int dxpStride,
                                            float[] dhp, int dhpOff,
                                            float[] dhPrev, int dhPrevOff, int dhPrevStride) {
        gruResetBeforeBackwardReset(GateActivation.SIGMOID, batch, hidden, cache, cacheOff, hPrev, hPrevOff, hPrevStride, drh, drhOff, dxp, dxpOff, dxpStride, dhp, dhpOff, dhPrev, dhPrevOff, dhPrevStride);
    }

    /** {@link #gruResetBeforeBackwardReset} with any gate activation (the reference for Keras's hard sigmoids). */
    public static void gruResetBeforeBackwardReset(GateActivation act, int batch, int hidden,
                                            float[] cache, int cacheOff,
                                            float[] hPrev, int hPrevOff, int hPrevStride,
                                            float[] drh, int drhOff,
                                            float[] dxp, int dxpOff, int dxpStride,
                                            float[] dhp, int dhpOff,
                                            float[] dhPrev, int dhPrevOff, int dhPrevStride) {
        int g3 = 3 * hidden;
        int g4 = 4 * hidden;
        for (int b = 0; b < batch; b++) {
            int c0 = cacheOff + b * g4;
            int hp0 = hPrevOff + b * hPrevStride;
            int dr0 = drhOff + b * hidden;
            int dx0 = dxpOff + b * dxpStride;
            int dp0 = dhpOff + b * g3;
            int dhp0 = dhPrevOff + b * dhPrevStride;
            for (int j = 0; j < hidden; j++) {
                float r = cache[c0 + j];
                float g = drh[dr0 + j];
                float drPre = g * hPrev[hp0 + j] * act.derivative(r);
                dxp[dx0 + j] = drPre;
                dhp[dp0 + j] = drPre;
                dhPrev[dhp0 + j] += g * r;
            }
        }
    }

    @Override
    public void lstmForward(int batch, int hidden,
                            float[] xp, int xpOff, int xpStride,
                            float[] hp, int hpOff,
                            float[] cPrev, int cPrevOff, int cPrevStride,
                            float[] cache, int cacheOff,
                            float[] c, int cOff, int cStride,
                            float[] h, int hOff, int hStride) {
        lstmForward(GateActivation.SIGMOID, batch, hidden, xp, xpOff, xpStride, hp, hpOff, cPrev, cPrevOff, cPrevStride, cache, cacheOff, c, cOff, cStride, h, hOff, hStride);
    }

    /** {@link #lstmForward} with any gate activation (the reference for Keras's hard sigmoids). */
    public static void lstmForward(GateActivation act, int batch, int hidden,
                            float[] xp, int xpOff, int xpStride,
                            float[] hp, int hpOff,
                            float[] cPrev, int cPrevOff, int cPrevStride,
                            float[] cache, int cacheOff,
                            float[] c, int cOff, int cStride,
                            float[] h, int hOff, int hStride) {
        int g4 = 4 * hidden;
        int g5 = 5 * hidden;
        for (int b = 0; b < batch; b++) {
            int x0 = xpOff + b * xpStride;
            int p0 = hpOff + b * g4;
            int k0 = cacheOff + b * g5;
            int cp0 = cPrevOff + b * cPrevStride;
            int c0 = cOff + b * cStride;
            int h0 = hOff + b * hStride;
            for (int j = 0; j < hidden; j++) {
                float i = act.apply(xp[x0 + j] + hp[p0 + j]);
                float f = act.apply(xp[x0 + hidden + j] + hp[p0 + hidden + j]);
                float g = tanh(xp[x0 + 2 * hidden + j] + hp[p0 + 2 * hidden + j]);
                float o = act.apply(xp[x0 + 3 * hidden + j] + hp[p0 + 3 * hidden + j]);
                float cn = f * cPrev[cp0 + j] + i * g;
                float tc = tanh(cn);
                cache[k0 + j] = i;
                cache[k0 + hidden + j] = f;
                cache[k0 + 2 * hidden + j] = g;
                cache[k0 + 3 * hidden + j] = o;
                cache[k0 + 4 * hidden + j] = tc;
                c[c0 + j] = cn;
                h[h0 + j] = o * tc;
            }
        }
    }

    @Override
    public void lstmBackward(int batch, int hidden,
                             float[] cache, int cacheOff,
                             float[] cPrev, int cPrevOff, int cPrevStride,
                             float[] dh, int dhOff, int dhStride,
                             float[] dc, int dcOff, int dcStride,
                             float[] dp, int dpOff, int dpStride,
                             float[] dcPrev, int dcPrevOff, int dcPrevStride) {
        lstmBackward(GateActivation.SIGMOID, batch, hidden, cache, cacheOff, cPrev, cPrevOff, cPrevStride, dh, dhOff, dhStride, dc, dcOff, dcStride, dp, dpOff, dpStride, dcPrev, dcPrevOff, dcPrevStride);
    }

    /** {@link #lstmBackward} with any gate activation (the reference for Keras's hard sigmoids). */
    public static void lstmBackward(GateActivation act, int batch, int hidden,
                             float[] cache, int cacheOff,
                             float[] cPrev, int cPrevOff, int cPrevStride,
                             float[] dh, int dhOff, int dhStride,
                             float[] dc, int dcOff, int dcStride,
                             float[] dp, int dpOff, int dpStride,
                             float[] dcPrev, int dcPrevOff, int dcPrevStride) {
        int g5 = 5 * hidden;
        for (int b = 0; b < batch; b++) {
            int k0 = cacheOff + b * g5;
            int cp0 = cPrevOff + b * cPrevStride;
            int d0 = dhOff + b * dhStride;
            int dc0 = dcOff + b * dcStride;
            int p0 = dpOff + b * dpStride;
            int dcp0 = dcPrevOff + b * dcPrevStride;
            for (int j = 0; j < hidden; j++) {
                float i = cache[k0 + j];
                float f = cache[k0 + hidden + j];
                float g = cache[k0 + 2 * hidden + j];
                float o = cache[k0 + 3 * hidden + j];
                float tc = cache[k0 + 4 * hidden + j];
                float gh = dh[d0 + j];
                float gc = dc[dc0 + j] + gh * o * (1f - tc * tc);
                dp[p0 + j] = gc * g * act.derivative(i);
                dp[p0 + hidden + j] = gc * cPrev[cp0 + j] * act.derivative(f);
                dp[p0 + 2 * hidden + j] = gc * i * (1f - g * g);
                dp[p0 + 3 * hidden + j] = gh * tc * act.derivative(o);
                dcPrev[dcp0 + j] = gc * f;
            }
        }
    }

    @Override
    public void rnnForward(int batch, int hidden, boolean relu,
                           float[] xp, int xpOff, int xpStride,
                           float[] hp, int hpOff,
                           float[] h, int hOff, int hStride) {
        for (int b = 0; b < batch; b++) {
            int x0 = xpOff + b * xpStride;
            int p0 = hpOff + b * hidden;
            int h0 = hOff + b * hStride;
            for (int j = 0; j < hidden; j++) {
                float v = xp[x0 + j] + hp[p0 + j];
                h[h0 + j] = relu ? (v > 0f ? v : 0f) : tanh(v);
            }
        }
    }

    @Override
    public void rnnBackward(int batch, int hidden, boolean relu,
                            float[] h, int hOff, int hStride,
                            float[] dh, int dhOff, int dhStride,
                            float[] dp, int dpOff) {
        for (int b = 0; b < batch; b++) {
            int h0 = hOff + b * hStride;
            int d0 = dhOff + b * dhStride;
            int p0 = dpOff + b * hidden;
            for (int j = 0; j < hidden; j++) {
                float y = h[h0 + j];
                float g = dh[d0 + j];
                dp[p0 + j] = relu ? (y > 0f ? g : 0f) : g * (1f - y * y);
            }
        }
    }
}
