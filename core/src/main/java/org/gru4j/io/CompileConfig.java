package org.gru4j.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gru4j.loss.BinaryCrossentropy;
import org.gru4j.loss.CategoricalCrossentropy;
import org.gru4j.loss.Huber;
import org.gru4j.loss.Loss;
import org.gru4j.loss.MeanAbsoluteError;
import org.gru4j.loss.MeanSquaredError;
import org.gru4j.loss.SparseCategoricalCrossentropy;
import org.gru4j.metrics.Metrics;
import org.gru4j.model.Model;
import org.gru4j.optim.Adagrad;
import org.gru4j.optim.Adam;
import org.gru4j.optim.AdamW;
import org.gru4j.optim.ConstantLearningRate;
import org.gru4j.optim.CosineDecay;
import org.gru4j.optim.ExponentialDecay;
import org.gru4j.optim.GradientClipping;
import org.gru4j.optim.LearningRateSchedule;
import org.gru4j.optim.Optimizer;
import org.gru4j.optim.PiecewiseConstant;
import org.gru4j.optim.RMSprop;
import org.gru4j.optim.SGD;

/**
 * The {@code "compile"} object of a model file: optimizer (name, hyper-parameters, learning-rate schedule,
 * clipping), one loss per output, loss weights and metric names, enough to call {@code compile} again with equal
 * settings. Only the built-in optimizers, schedules and losses are written; anything else is refused at save time
 * rather than silently dropped. The learning rate written is the optimizer's current schedule, so a rate lowered by
 * {@code ReduceLROnPlateau} is the rate a checkpoint resumes with.
 */
final class CompileConfig {
    private CompileConfig() {
    }

    static Map<String, Object> toJson(Model m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("optimizer", optimizer(m.optimizer()));
        List<Object> losses = new ArrayList<>();
        for (Loss l : m.losses()) {
            losses.add(loss(l));
        }
        out.put("losses", losses);
        out.put("loss_weights", m.lossWeights());
        out.put("metrics", m.metricNames());
        return out;
    }

    private static Map<String, Object> optimizer(Optimizer o) {
        Map<String, Object> m = new LinkedHashMap<>();
        Class<?> c = o.getClass();
        m.put("class", o.name());
        m.put("learning_rate", schedule(o.schedule()));
        if (c == Adam.class || c == AdamW.class) {
            Adam a = (Adam) o;
            m.put("beta_1", a.beta1());
            m.put("beta_2", a.beta2());
            m.put("epsilon", a.epsilon());
            if (c == AdamW.class) {
                m.put("weight_decay", a.weightDecay());
            }
        } else if (c == SGD.class) {
            m.put("momentum", ((SGD) o).momentum());
            m.put("nesterov", ((SGD) o).nesterov());
        } else if (c == RMSprop.class) {
            RMSprop r = (RMSprop) o;
            m.put("rho", r.rho());
            m.put("momentum", r.momentum());
            m.put("epsilon", r.epsilon());
            m.put("centered", r.centered());
        } else if (c == Adagrad.class) {
            m.put("initial_accumulator_value", ((Adagrad) o).initialAccumulator());
            m.put("epsilon", ((Adagrad) o).epsilon());
        } else {
            throw new IllegalArgumentException("cannot write optimizer " + c.getName() + " to a model file (only "
                    + "Adam, AdamW, SGD, RMSprop, Adagrad); save without the compile settings instead");
        }
        GradientClipping g = o.clipping();
        m.put("clipping", g.mode().equals("none") ? null : Map.of("mode", g.mode(), "limit", g.limit()));
        return m;
    }

    private static Object schedule(LearningRateSchedule s) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (s instanceof ConstantLearningRate c) {
            m.put("class", "constant");
            m.put("value", c.value());
        } else if (s instanceof CosineDecay c) {
            m.put("class", "cosine_decay");
            m.put("initial", c.initial());
            m.put("decay_steps", c.decaySteps());
            m.put("alpha", c.alpha());
        } else if (s instanceof ExponentialDecay e) {
            m.put("class", "exponential_decay");
            m.put("initial", e.initial());
            m.put("decay_steps", e.decaySteps());
            m.put("rate", e.rate());
            m.put("staircase", e.staircase());
        } else if (s instanceof PiecewiseConstant p) {
            m.put("class", "piecewise_constant");
            m.put("boundaries", p.boundaries());
            m.put("values", p.values());
        } else {
            throw new IllegalArgumentException("cannot write learning-rate schedule " + s.getClass().getName()
                    + " to a model file; save without the compile settings instead");
        }
        return m;
    }

    /** A loss as JSON; null for an output compiled without a loss. */
    private static Map<String, Object> loss(Loss l) {
        if (l == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class", l.name());
        if (l instanceof BinaryCrossentropy b) {
            m.put("from_logits", b.fromLogits());
        } else if (l instanceof CategoricalCrossentropy c) {
            m.put("from_logits", c.fromLogits());
        } else if (l instanceof SparseCategoricalCrossentropy c) {
            m.put("from_logits", c.fromLogits());
        } else if (l instanceof Huber h) {
            m.put("delta", h.delta());
        } else if (!(l instanceof MeanSquaredError) && !(l instanceof MeanAbsoluteError)) {
            throw new IllegalArgumentException("cannot write loss " + l.getClass().getName() + " to a model file; "
                    + "save without the compile settings instead");
        }
        return m;
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** Compiles {@code model} from the object {@link #toJson} wrote; every value is checked first. */
    static void apply(Model model, LayerConfig cfg, int outputs) throws ModelFormatException {
        cfg.requireOnly("optimizer", "losses", "loss_weights", "metrics");
        Optimizer opt = optimizer(cfg.object("optimizer"));
        List<?> lossList = list(cfg, "losses", outputs);
        List<Loss> losses = new ArrayList<>();
        for (int i = 0; i < lossList.size(); i++) {
            // null: an output trained without a loss (its states feed another chunk, for instance)
            losses.add(lossList.get(i) == null ? null : loss(element(cfg, "losses", lossList.get(i), i)));
        }
        double[] weights = null;
        if (cfg.values().get("loss_weights") != null) {
            List<?> w = list(cfg, "loss_weights", outputs);
            weights = new double[w.size()];
            for (int i = 0; i < weights.length; i++) {
                if (!(w.get(i) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                    throw cfg.fail("'loss_weights': expected finite numbers, found " + ModelFile.shortly(w.get(i)));
                }
                weights[i] = n.doubleValue();
            }
        } else if (!cfg.values().containsKey("loss_weights")) {
            throw cfg.fail("missing configuration key 'loss_weights'");
        }
        List<?> metricLists = list(cfg, "metrics", outputs);
        List<List<String>> metrics = new ArrayList<>();
        for (int i = 0; i < metricLists.size(); i++) {
            if (!(metricLists.get(i) instanceof List<?> names)) {
                throw cfg.fail("'metrics': expected one array of names per output, found "
                        + ModelFile.shortly(metricLists.get(i)));
            }
            List<String> out = new ArrayList<>();
            for (Object n : names) {
                if (!(n instanceof String s)) {
                    throw cfg.fail("'metrics': expected metric names, found " + ModelFile.shortly(n));
                }
                try {
                    Metrics.byName(s, losses.get(i));
                } catch (IllegalArgumentException e) {
                    throw cfg.fail("'metrics': " + e.getMessage());
                }
                out.add(s);
            }
            metrics.add(out);
        }
        model.compile(opt, losses, weights, metrics);
    }

    private static List<?> list(LayerConfig cfg, String key, int size) throws ModelFormatException {
        Object v = cfg.values().get(key);
        if (!(v instanceof List<?> l) || l.size() != size) {
            throw cfg.fail("'" + key + "': expected an array of " + size + " (one per model output), found "
                    + ModelFile.shortly(v));
        }
        return l;
    }

    private static LayerConfig element(LayerConfig cfg, String key, Object v, int i) throws ModelFormatException {
        if (!(v instanceof Map<?, ?> m)) {
            throw cfg.fail("'" + key + "'[" + i + "]: expected an object, found " + ModelFile.shortly(v));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) m;
        return new LayerConfig(cfg.where() + "." + key + "[" + i + "]", typed);
    }

    private static Optimizer optimizer(LayerConfig c) throws ModelFormatException {
        String name = c.choice("class", List.of("adam", "adamw", "sgd", "rmsprop", "adagrad"));
        LearningRateSchedule lr = schedule(c.object("learning_rate"));
        Optimizer o;
        try {
            switch (name) {
                case "adam":
                    c.requireOnly("class", "learning_rate", "beta_1", "beta_2", "epsilon", "clipping");
                    o = new Adam(lr, c.number("beta_1"), c.number("beta_2"), c.number("epsilon"));
                    break;
                case "adamw":
                    c.requireOnly("class", "learning_rate", "beta_1", "beta_2", "epsilon", "weight_decay", "clipping");
                    o = new AdamW(lr, c.number("weight_decay"), c.number("beta_1"), c.number("beta_2"),
                            c.number("epsilon"));
                    break;
                case "sgd":
                    c.requireOnly("class", "learning_rate", "momentum", "nesterov", "clipping");
                    o = new SGD(lr, c.number("momentum"), c.bool("nesterov"));
                    break;
                case "rmsprop":
                    c.requireOnly("class", "learning_rate", "rho", "momentum", "epsilon", "centered", "clipping");
                    o = new RMSprop(lr, c.number("rho"), c.number("momentum"), c.number("epsilon"),
                            c.bool("centered"));
                    break;
                default:
                    c.requireOnly("class", "learning_rate", "initial_accumulator_value", "epsilon", "clipping");
                    o = new Adagrad(lr, c.number("initial_accumulator_value"), c.number("epsilon"));
                    break;
            }
            Object clip = c.values().get("clipping");
            if (!c.values().containsKey("clipping")) {
                throw c.fail("missing configuration key 'clipping'");
            }
            if (clip != null) {
                LayerConfig k = c.object("clipping");
                k.requireOnly("mode", "limit");
                String mode = k.choice("mode", List.of("clipvalue", "clipnorm", "global_clipnorm"));
                double limit = k.number("limit");
                o.setClipping(mode.equals("clipvalue") ? GradientClipping.byValue(limit)
                        : mode.equals("clipnorm") ? GradientClipping.byNorm(limit)
                        : GradientClipping.byGlobalNorm(limit));
            }
        } catch (IllegalArgumentException e) {
            throw c.fail(e.getMessage());
        }
        return o;
    }

    private static LearningRateSchedule schedule(LayerConfig c) throws ModelFormatException {
        String kind = c.choice("class", List.of("constant", "cosine_decay", "exponential_decay",
                "piecewise_constant"));
        try {
            switch (kind) {
                case "constant":
                    c.requireOnly("class", "value");
                    return new ConstantLearningRate(c.number("value"));
                case "cosine_decay":
                    c.requireOnly("class", "initial", "decay_steps", "alpha");
                    return new CosineDecay(c.number("initial"), c.longInteger("decay_steps", 1, Long.MAX_VALUE),
                            c.number("alpha"));
                case "exponential_decay":
                    c.requireOnly("class", "initial", "decay_steps", "rate", "staircase");
                    return new ExponentialDecay(c.number("initial"), c.longInteger("decay_steps", 1, Long.MAX_VALUE),
                            c.number("rate"), c.bool("staircase"));
                default:
                    c.requireOnly("class", "boundaries", "values");
                    return new PiecewiseConstant(longs(c, "boundaries"), doubles(c, "values"));
            }
        } catch (IllegalArgumentException e) {
            throw c.fail(e.getMessage());
        }
    }

    private static long[] longs(LayerConfig c, String key) throws ModelFormatException {
        if (!(c.values().get(key) instanceof List<?> l)) {
            throw c.fail("'" + key + "': expected an array of integers");
        }
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Long v)) {
                throw c.fail("'" + key + "': expected integers, found " + ModelFile.shortly(l.get(i)));
            }
            out[i] = v;
        }
        return out;
    }

    private static double[] doubles(LayerConfig c, String key) throws ModelFormatException {
        if (!(c.values().get(key) instanceof List<?> l)) {
            throw c.fail("'" + key + "': expected an array of numbers");
        }
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Number v) || !Double.isFinite(v.doubleValue())) {
                throw c.fail("'" + key + "': expected finite numbers, found " + ModelFile.shortly(l.get(i)));
            }
            out[i] = v.doubleValue();
        }
        return out;
    }

    private static Loss loss(LayerConfig c) throws ModelFormatException {
        String name = c.choice("class", List.of("binary_crossentropy", "categorical_crossentropy",
                "sparse_categorical_crossentropy", "mean_squared_error", "mean_absolute_error", "huber"));
        switch (name) {
            case "binary_crossentropy":
                c.requireOnly("class", "from_logits");
                return new BinaryCrossentropy(c.bool("from_logits"));
            case "categorical_crossentropy":
                c.requireOnly("class", "from_logits");
                return new CategoricalCrossentropy(c.bool("from_logits"));
            case "sparse_categorical_crossentropy":
                c.requireOnly("class", "from_logits");
                return new SparseCategoricalCrossentropy(c.bool("from_logits"));
            case "mean_squared_error":
                c.requireOnly("class");
                return new MeanSquaredError();
            case "mean_absolute_error":
                c.requireOnly("class");
                return new MeanAbsoluteError();
            default:
                c.requireOnly("class", "delta");
                try {
                    return new Huber(c.number("delta"));
                } catch (IllegalArgumentException e) {
                    throw c.fail(e.getMessage());
                }
        }
    }
}
