package org.gru4j.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gru4j.nn.Parameter;

/**
 * A stateful optimizer (see the {@linkplain org.gru4j.optim package documentation} for the life cycle).
 *
 * <p>One step, with {@code t = iterations() + 1} and {@code lr = schedule.at(iterations())}:
 * <ol>
 *   <li>clip the gradients ({@link GradientClipping});</li>
 *   <li>decoupled weight decay, if configured: {@code p -= lr * weightDecay * p} (Keras 3 applies it to every
 *       optimizer that is given {@code weight_decay}; here {@link AdamW} sets it);</li>
 *   <li>the optimizer's own update of each trainable parameter from its gradient;</li>
 *   <li>{@code iterations += 1}.</li>
 * </ol>
 * Non-trainable parameters are skipped and get no state.
 */
public abstract class Optimizer {
    private LearningRateSchedule schedule;
    private final double weightDecay;
    private final String[] slotNames;
    private GradientClipping clipping = GradientClipping.none();
    private long iterations;

    // Layout, fixed by build(): the trainable parameters in order and their offsets into the flat slot arrays.
    private String[] names;
    private int[] sizes;
    private int[] offsets;
    private float[][] slots;

    protected Optimizer(LearningRateSchedule schedule, double weightDecay, String... slotNames) {
        if (schedule == null) {
            throw new IllegalArgumentException("learning-rate schedule must not be null");
        }
        Schedules.requireRate("weight decay", weightDecay);
        this.schedule = schedule;
        this.weightDecay = weightDecay;
        this.slotNames = slotNames.clone();
    }

    /** The Keras name, e.g. {@code "adam"}. */
    public abstract String name();

    /** The initial value of slot {@code slot} (0 unless the optimizer says otherwise, as Adagrad does). */
    protected float initialSlotValue(int slot) {
        return 0f;
    }

    /**
     * Updates {@code n} values {@code p[po ..]} from gradients {@code g[go ..]}; this parameter's state is
     * {@code slots[k][so ..]} for each slot {@code k}.
     *
     * @param lr the learning rate of this step
     * @param t the 1-based number of this step
     */
    protected abstract void update(float[] p, int po, float[] g, int go, int n, float[][] slots, int so, double lr,
            long t);

    /** Clipping applied before each update; none by default. */
    public Optimizer setClipping(GradientClipping clipping) {
        this.clipping = clipping == null ? GradientClipping.none() : clipping;
        return this;
    }

    public GradientClipping clipping() {
        return clipping;
    }

    public double weightDecay() {
        return weightDecay;
    }

    public LearningRateSchedule schedule() {
        return schedule;
    }

    /** The learning rate the next step will use. */
    public double learningRate() {
        return schedule.at(iterations);
    }

    /**
     * Replaces a constant learning rate (what ReduceLROnPlateau does).
     *
     * @throws IllegalStateException if the learning rate comes from a non-constant schedule, as in Keras
     */
    public void setLearningRate(double learningRate) {
        if (!(schedule instanceof ConstantLearningRate)) {
            throw new IllegalStateException("the learning rate comes from the schedule " + schedule
                    + " and cannot be set; build the optimizer with a constant learning rate to change it");
        }
        schedule = new ConstantLearningRate(learningRate);
    }

    /** The number of steps taken (Keras {@code optimizer.iterations}). */
    public long iterations() {
        return iterations;
    }

    private boolean externalNames;

    public boolean isBuilt() {
        return names != null;
    }

    /**
     * Fixes the trainable parameters of {@code params} and allocates their state. {@link #step} calls it on first
     * use; call it yourself before {@link #restore}.
     *
     * @throws IllegalStateException if already built
     * @throws IllegalArgumentException if two trainable parameters share a name
     */
    public void build(List<Parameter> params) {
        build(params, null);
    }

    /**
     * As {@link #build(List)}, with the names the state is keyed by given for each parameter of {@code params}
     * (a model passes its unique {@code layer/param} names; parameter names alone repeat across layers).
     */
    public void build(List<Parameter> params, List<String> paramNames) {
        if (isBuilt()) {
            throw new IllegalStateException(name() + " optimizer is already built for " + Arrays.toString(names));
        }
        if (paramNames != null && paramNames.size() != params.size()) {
            throw new IllegalArgumentException(params.size() + " parameters but " + paramNames.size() + " names");
        }
        List<Parameter> trainable = trainable(params);
        List<String> trainableNames = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).trainable()) {
                trainableNames.add(paramNames == null ? params.get(i).name() : paramNames.get(i));
            }
        }
        externalNames = paramNames != null;
        String[] n = new String[trainable.size()];
        int[] s = new int[n.length];
        int[] o = new int[n.length];
        Set<String> seen = new HashSet<>();
        long total = 0;
        for (int i = 0; i < n.length; i++) {
            Parameter p = trainable.get(i);
            String pn = trainableNames.get(i);
            if (!seen.add(pn)) {
                throw new IllegalArgumentException("two trainable parameters are named \"" + pn
                        + "\"; optimizer state is keyed by name");
            }
            n[i] = pn;
            s[i] = p.size();
            o[i] = (int) total;
            total += p.size();
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("more trainable values than one Java array holds");
            }
        }
        float[][] sl = new float[slotNames.length][(int) total];
        for (int k = 0; k < sl.length; k++) {
            Arrays.fill(sl[k], initialSlotValue(k));
        }
        names = n;
        sizes = s;
        offsets = o;
        slots = sl;
    }

    /**
     * One update of the trainable parameters in {@code params} from their gradients (see the class documentation).
     *
     * @throws IllegalArgumentException if the trainable parameters differ from those the optimizer was built for
     */
    public void step(List<Parameter> params) {
        if (!isBuilt()) {
            build(params);
        }
        List<Parameter> trainable = trainable(params);
        requireLayout(trainable);
        clipping.apply(trainable);
        double lr = schedule.at(iterations);
        if (weightDecay != 0) {
            float decay = (float) (lr * weightDecay);
            for (Parameter p : trainable) {
                float[] v = p.values();
                for (int i = p.offset(), e = i + p.size(); i < e; i++) {
                    v[i] -= v[i] * decay;
                }
            }
        }
        long t = iterations + 1;
        for (int i = 0; i < trainable.size(); i++) {
            Parameter p = trainable.get(i);
            update(p.values(), p.offset(), p.grads(), p.offset(), p.size(), slots, offsets[i], lr, t);
        }
        iterations = t;
    }

    /**
     * Copies of the state as named views {@code "<parameter>/<slot>"}, in parameter then slot order (empty before
     * {@link #build}). Save it with {@link #iterations()}.
     */
    public Map<String, float[]> state() {
        Map<String, float[]> m = new LinkedHashMap<>();
        if (!isBuilt()) {
            return m;
        }
        for (int i = 0; i < names.length; i++) {
            for (int k = 0; k < slotNames.length; k++) {
                m.put(names[i] + "/" + slotNames[k], Arrays.copyOfRange(slots[k], offsets[i], offsets[i] + sizes[i]));
            }
        }
        return m;
    }

    /**
     * Restores {@link #state()} and {@link #iterations()} saved earlier; the next step then equals, bit for bit, the
     * step the saved optimizer would have made. Requires {@link #build} with the same parameters.
     *
     * @throws IllegalStateException if not built
     * @throws IllegalArgumentException if an entry is missing, unknown or of the wrong length (nothing is changed)
     */
    public void restore(Map<String, float[]> state, long iterations) {
        if (!isBuilt()) {
            throw new IllegalStateException("build the " + name() + " optimizer with its parameters before restore");
        }
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
        }
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < names.length; i++) {
            for (int k = 0; k < slotNames.length; k++) {
                String key = names[i] + "/" + slotNames[k];
                expected.add(key);
                float[] a = state.get(key);
                if (a == null) {
                    throw new IllegalArgumentException("optimizer state has no entry \"" + key + "\"");
                }
                if (a.length != sizes[i]) {
                    throw new IllegalArgumentException("optimizer state \"" + key + "\": expected " + sizes[i]
                            + " values, got " + a.length);
                }
            }
        }
        for (String key : state.keySet()) {
            if (!expected.contains(key)) {
                throw new IllegalArgumentException("optimizer state has an unknown entry \"" + key + "\"; expected "
                        + expected.size() + " entries for " + Arrays.toString(names) + " x "
                        + Arrays.toString(slotNames));
            }
        }
        for (int i = 0; i < names.length; i++) {
            for (int k = 0; k < slotNames.length; k++) {
                System.arraycopy(state.get(names[i] + "/" + slotNames[k]), 0, slots[k], offsets[i], sizes[i]);
            }
        }
        this.iterations = iterations;
    }

    private static List<Parameter> trainable(List<Parameter> params) {
        List<Parameter> out = new ArrayList<>(params.size());
        for (Parameter p : params) {
            if (p.trainable()) {
                out.add(p);
            }
        }
        return out;
    }

    private void requireLayout(List<Parameter> trainable) {
        boolean ok = trainable.size() == names.length;
        for (int i = 0; ok && i < names.length; i++) {
            ok = (externalNames || trainable.get(i).name().equals(names[i])) && trainable.get(i).size() == sizes[i];
        }
        if (!ok) {
            List<String> got = new ArrayList<>();
            for (Parameter p : trainable) {
                got.add(p.name() + "[" + p.size() + "]");
            }
            List<String> want = new ArrayList<>();
            for (int i = 0; i < names.length; i++) {
                want.add(names[i] + "[" + sizes[i] + "]");
            }
            throw new IllegalArgumentException(name() + " optimizer was built for trainable parameters " + want
                    + ", got " + got);
        }
    }
}
