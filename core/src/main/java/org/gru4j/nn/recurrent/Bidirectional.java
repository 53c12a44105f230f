package org.gru4j.nn.recurrent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gru4j.nn.Context;
import org.gru4j.nn.Forward;
import org.gru4j.nn.GraphForward;
import org.gru4j.nn.GraphLayer;
import org.gru4j.nn.Layer;
import org.gru4j.nn.Mask;
import org.gru4j.nn.Parameter;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;

/**
 * Runs a recurrent layer over the sequence in both directions and merges the two outputs (Keras's
 * {@code Bidirectional}, PyTorch's {@code bidirectional=True}).
 *
 * <p>The backward copy processes the steps from last to first; its output sequence is re-aligned so that position
 * {@code t} of both halves belongs to input step {@code t} (for the backward half: its state right after consuming
 * {@code x_t}). Without {@code returnSequences} the two last outputs are merged: the forward state after step
 * T-1 and the backward state after step 0. States, when given or returned, are ordered forward first:
 * {@code [h_f, h_b]} or {@code [h_f, c_f, h_b, c_b]}. Parameters are named {@code forward/...} and
 * {@code backward/...}.
 */
public final class Bidirectional implements Layer, GraphLayer {
    private final RecurrentLayer fwd;
    private final RecurrentLayer bwd;
    private final MergeMode merge;
    private String name;

    /** Wraps {@code layer} (which must not be built yet) with merge mode concat. */
    public Bidirectional(RecurrentLayer layer) {
        this(layer, MergeMode.CONCAT);
    }

    public Bidirectional(RecurrentLayer layer, MergeMode merge) {
        if (layer.isBuilt()) {
            throw new IllegalArgumentException("Bidirectional needs an unbuilt layer, " + layer.name()
                    + " is already built");
        }
        this.name = Names.next("bidirectional");
        this.fwd = layer.freshCopy("forward_" + layer.name());
        this.bwd = layer.freshCopy("backward_" + layer.name()).goBackwards(!layer.goBackwards());
        this.merge = merge;
    }

    public Bidirectional name(String n) {
        this.name = n;
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    public RecurrentLayer forwardLayer() {
        return fwd;
    }

    public RecurrentLayer backwardLayer() {
        return bwd;
    }

    public MergeMode mergeMode() {
        return merge;
    }

    @Override
    public int[] build(int[] inputShape, Rng rng) {
        int[] out = fwd.build(inputShape, rng);
        bwd.build(inputShape, rng);
        if (merge == MergeMode.CONCAT) {
            out[out.length - 1] *= 2;
        }
        return out;
    }

    @Override
    public boolean isBuilt() {
        return fwd.isBuilt();
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(fwd.parameters());
        all.addAll(bwd.parameters());
        return all;
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> m = new LinkedHashMap<>();
        fwd.namedParameters().forEach((k, v) -> m.put("forward/" + k, v));
        bwd.namedParameters().forEach((k, v) -> m.put("backward/" + k, v));
        return m;
    }

    @Override
    public String typeName() {
        return "Bidirectional";
    }

    private int stateInputs() {
        return 2 * fwd.stateCount();
    }

    /**
     * Graph form: inputs {@code [x]} or {@code [x, forward states..., backward states...]}; outputs {@code [y]},
     * plus the final states (forward first) when the wrapped layer has {@code returnState}.
     */
    @Override
    public List<int[]> build(List<int[]> inputShapes, Rng rng) {
        if (inputShapes.size() != 1 && inputShapes.size() != 1 + stateInputs()) {
            throw new IllegalArgumentException(name + ": takes the sequence, optionally followed by " + stateInputs()
                    + " initial states; got " + inputShapes.size() + " inputs");
        }
        List<int[]> out = new ArrayList<>();
        out.add(build(inputShapes.get(0), rng));
        if (fwd.returnState()) {
            for (int i = 0; i < stateInputs(); i++) {
                out.add(new int[] {fwd.units()});
            }
        }
        return out;
    }

    @Override
    public GraphForward forward(List<Tensor> inputs, List<Mask> masks, Context ctx) {
        Tensor[] init = inputs.size() > 1 ? inputs.subList(1, inputs.size()).toArray(new Tensor[0]) : null;
        Result r = run(inputs.get(0), init, masks.get(0), ctx);
        List<Tensor> outs = new ArrayList<>();
        List<Mask> outMasks = new ArrayList<>();
        outs.add(r.output());
        outMasks.add(r.mask());
        if (fwd.returnState()) {
            outs.addAll(java.util.Arrays.asList(r.finalStates()));
            for (int i = 0; i < stateInputs(); i++) {
                outMasks.add(null);
            }
        }
        return new GraphForward(outs, outMasks, new Object[] {r, inputs.size()}, r::release);
    }

    @Override
    public List<Tensor> backward(GraphForward f, List<Tensor> gradOutputs) {
        Object[] c = (Object[]) f.cache();
        Result r = (Result) c[0];
        int nIn = (Integer) c[1];
        Tensor[] gFinal = gradOutputs.size() > 1 ? gradOutputs.subList(1, gradOutputs.size()).toArray(new Tensor[0])
                : null;
        RecurrentLayer.Gradients g = backward(r, gradOutputs.get(0), gFinal);
        List<Tensor> out = new ArrayList<>();
        out.add(g.input());
        if (nIn > 1) {
            out.addAll(java.util.Arrays.asList(g.initialStates()));
        }
        return out;
    }

    @Override
    public Forward forward(Tensor input, Mask mask, Context ctx) {
        return run(input, null, mask, ctx);
    }

    @Override
    public Tensor backward(Forward f, Tensor gradOutput) {
        return backward((Result) f, gradOutput, null).input();
    }

    /** Runs both directions; {@code initialState} is null or forward states followed by backward states. */
    public Result run(Tensor x, Tensor[] initialState, Mask mask, Context ctx) {
        int ns = fwd.stateCount();
        Tensor[] initF = null;
        Tensor[] initB = null;
        if (initialState != null) {
            if (initialState.length != 2 * ns) {
                throw new ShapeException(name + ": expected " + 2 * ns + " initial state tensors (forward then "
                        + "backward), got " + initialState.length);
            }
            initF = java.util.Arrays.copyOfRange(initialState, 0, ns);
            initB = java.util.Arrays.copyOfRange(initialState, ns, 2 * ns);
        }
        RecurrentLayer.Result rf = fwd.run(x, initF, mask, ctx);
        RecurrentLayer.Result rb = bwd.run(x, initB, mask, ctx);
        Tensor yf = rf.output();
        Tensor yb = fwd.returnSequences() ? reverseTime(rb.output()) : rb.output();
        Tensor out = mergeForward(yf, yb);
        Tensor[] finals = new Tensor[2 * ns];
        System.arraycopy(rf.finalStates(), 0, finals, 0, ns);
        System.arraycopy(rb.finalStates(), 0, finals, ns, ns);
        return new Result(out, fwd.returnSequences() ? rf.mask() : null, finals, rf, rb, yf, yb);
    }

    /** Backward through both directions; returns the summed input gradient and the initial-state gradients. */
    public RecurrentLayer.Gradients backward(Result r, Tensor gradOutput, Tensor[] gradFinalStates) {
        int ns = fwd.stateCount();
        Tensor gf = null;
        Tensor gb = null;
        if (gradOutput != null) {
            gradOutput.requireShape(name + " output gradient", r.output().shape());
            Tensor[] split = mergeBackward(gradOutput, r.yf, r.yb);
            gf = split[0];
            gb = fwd.returnSequences() ? reverseTime(split[1]) : split[1];
        }
        Tensor[] sf = null;
        Tensor[] sb = null;
        if (gradFinalStates != null) {
            sf = java.util.Arrays.copyOfRange(gradFinalStates, 0, ns);
            sb = java.util.Arrays.copyOfRange(gradFinalStates, ns, 2 * ns);
        }
        RecurrentLayer.Gradients df = fwd.backward(r.rf, gf, sf);
        RecurrentLayer.Gradients db = bwd.backward(r.rb, gb, sb);
        float[] dx = df.input().data();
        float[] dxb = db.input().data();
        for (int i = 0; i < dx.length; i++) {
            dx[i] += dxb[i];
        }
        Tensor[] dInit = new Tensor[2 * ns];
        System.arraycopy(df.initialStates(), 0, dInit, 0, ns);
        System.arraycopy(db.initialStates(), 0, dInit, ns, ns);
        return new RecurrentLayer.Gradients(df.input(), dInit);
    }

    private Tensor mergeForward(Tensor a, Tensor b) {
        float[] x = a.data();
        float[] y = b.data();
        int[] shape = a.shape();
        int h = shape[shape.length - 1];
        int rows = x.length / h;
        if (merge == MergeMode.CONCAT) {
            float[] out = new float[2 * x.length];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(x, r * h, out, 2 * r * h, h);
                System.arraycopy(y, r * h, out, (2 * r + 1) * h, h);
            }
            shape[shape.length - 1] = 2 * h;
            return Tensor.of(out, shape);
        }
        float[] out = new float[x.length];
        for (int i = 0; i < out.length; i++) {
            switch (merge) {
                case SUM:
                    out[i] = x[i] + y[i];
                    break;
                case MUL:
                    out[i] = x[i] * y[i];
                    break;
                default:
                    out[i] = 0.5f * (x[i] + y[i]);
                    break;
            }
        }
        return Tensor.of(out, shape);
    }

    private Tensor[] mergeBackward(Tensor g, Tensor a, Tensor b) {
        float[] gd = g.data();
        int[] shape = a.shape();
        int h = shape[shape.length - 1];
        float[] ga = new float[a.size()];
        float[] gb = new float[a.size()];
        if (merge == MergeMode.CONCAT) {
            int rows = ga.length / h;
            for (int r = 0; r < rows; r++) {
                System.arraycopy(gd, 2 * r * h, ga, r * h, h);
                System.arraycopy(gd, (2 * r + 1) * h, gb, r * h, h);
            }
        } else {
            float[] x = a.data();
            float[] y = b.data();
            for (int i = 0; i < ga.length; i++) {
                switch (merge) {
                    case SUM:
                        ga[i] = gd[i];
                        gb[i] = gd[i];
                        break;
                    case MUL:
                        ga[i] = gd[i] * y[i];
                        gb[i] = gd[i] * x[i];
                        break;
                    default:
                        ga[i] = 0.5f * gd[i];
                        gb[i] = 0.5f * gd[i];
                        break;
                }
            }
        }
        return new Tensor[] {Tensor.of(ga, shape), Tensor.of(gb, shape)};
    }

    /** Reverses the time axis of a (batch, steps, features) tensor. */
    static Tensor reverseTime(Tensor t) {
        int batch = t.dim(0);
        int steps = t.dim(1);
        int f = t.dim(2);
        float[] src = t.data();
        float[] out = new float[src.length];
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < steps; s++) {
                System.arraycopy(src, (b * steps + s) * f, out, (b * steps + steps - 1 - s) * f, f);
            }
        }
        return Tensor.of(out, t.shape());
    }

    /** One bidirectional call: merged output, final states (forward then backward), and both directions' records. */
    public static final class Result extends Forward {
        private final Tensor[] finalStates;
        private final RecurrentLayer.Result rf;
        private final RecurrentLayer.Result rb;
        private final Tensor yf;
        private final Tensor yb;

        Result(Tensor out, Mask mask, Tensor[] finalStates, RecurrentLayer.Result rf, RecurrentLayer.Result rb,
               Tensor yf, Tensor yb) {
            super(out, mask, null);
            this.finalStates = finalStates;
            this.rf = rf;
            this.rb = rb;
            this.yf = yf;
            this.yb = yb;
        }

        public Tensor[] finalStates() {
            return finalStates.clone();
        }

        /** Releases both directions' records. */
        @Override
        public void release() {
            rf.release();
            rb.release();
        }
    }
}
