package org.gru4j.kernels;


/**
 * Chooses the kernel set once per JVM.
 *
 * <p>The Vector API lives in the incubating module {@code jdk.incubator.vector}, which is present only when the JVM
 * is started with {@code --add-modules jdk.incubator.vector}. If it is there, {@link #get()} returns the vector
 * kernels; if not, it prints a one-time notice to standard error and returns {@link ScalarKernels}. The system
 * property {@code gru4j.kernels} forces a choice: {@code scalar} or {@code vector} (the latter fails loudly when
 * the module is missing).
 */
public final class KernelProvider {
    public static final String PROPERTY = "gru4j.kernels";
    private static final String VECTOR_CLASS = "org.gru4j.kernels.vector.VectorKernels";

    private KernelProvider() {
    }

    private static final class Holder {
        static final Kernels KERNELS = choose();
    }

    /** The kernel set this JVM uses. */
    public static Kernels get() {
        return Holder.KERNELS;
    }

    /** True when the Vector API module is loaded in this JVM. */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** The vector kernels, or an exception explaining why they cannot be had. Used by tests and benchmarks. */
    public static Kernels vector() {
        if (!vectorModulePresent()) {
            throw new IllegalStateException("the Vector API module is not loaded: start the JVM with "
                    + "--add-modules jdk.incubator.vector");
        }
        try {
            return (Kernels) Class.forName(VECTOR_CLASS).getField("INSTANCE").get(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot load the vector kernels: " + e, e);
        }
    }

    private static Kernels choose() {
        String forced = System.getProperty(PROPERTY, "").trim().toLowerCase(java.util.Locale.ROOT);
        switch (forced) {
            case "scalar":
                return ScalarKernels.INSTANCE;
            case "vector":
                return vector();
            case "":
            case "auto":
                break;
            default:
                throw new IllegalArgumentException("system property " + PROPERTY + " must be scalar, vector or auto,"
                        + " got '" + forced + "'");
        }
        if (!vectorModulePresent()) {
            System.err.println("gru4j: the Vector API module is absent, using the scalar kernels (slower). "
                    + "Start java with --add-modules jdk.incubator.vector for the fast kernels.");
            return ScalarKernels.INSTANCE;
        }
        try {
            return vector();
        } catch (IllegalStateException e) {
            System.err.println("gru4j: " + e.getMessage() + "; using the scalar kernels");
            return ScalarKernels.INSTANCE;
        }
    }

}
