package org.gru4j.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread pool of the kernels: {@code threads() - 1} daemon workers plus the calling thread, for splitting a
 * single matrix product (never the time loop). Per-step products take tens of microseconds, so a hand-off through
 * an {@code ExecutorService} (55-70 us) would cost more than it saves; workers instead spin on a volatile sequence
 * number for a bounded time after their last job ({@link #SPIN_NANOS}) and then park, so an idle pool costs nothing
 * and a busy other process on the core is not starved for long.
 *
 * <p>Thread count: the system property {@value #PROPERTY} (default: available processors), or
 * {@link #setThreads}. With 1 every call runs in the caller. Work is always split so that each output element is
 * computed by the same instructions whichever thread runs it, so results do not depend on the thread count.
 *
 * <p>One caller at a time uses the workers; a caller that finds them busy (another thread's product) runs all parts
 * itself, which gives the same results.
 */
public final class Parallel {
    public static final String PROPERTY = "gru4j.threads";
    /** How long an idle worker spins before parking, and how long a waiting caller spins before yielding. */
    static final long SPIN_NANOS = 200_000;

    /** A job cut into {@code parts}; {@link #run(int, int)} runs one of them. */
    public interface Job {
        void run(int part, int parts);
    }

    private static volatile int threads = initialThreads();
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static Worker[] workers = new Worker[0];

    private Parallel() {
    }

    private static int initialThreads() {
        String p = System.getProperty(PROPERTY, "").trim();
        if (p.isEmpty()) {
            return Math.max(1, Runtime.getRuntime().availableProcessors());
        }
        try {
            int n = Integer.parseInt(p);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("system property " + PROPERTY + " must be a positive integer, got '" + p
                + "'");
    }

    /** Threads a product may use, the caller included. */
    public static int threads() {
        return threads;
    }

    /**
     * True while some caller holds the workers: a product started inside a part (or on another thread meanwhile)
     * would run all its parts in its own thread anyway, so it can as well run as one part.
     */
    public static boolean busy() {
        return BUSY.get();
    }

    /** Sets the thread count for later products (at least 1). */
    public static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + n);
        }
        threads = n;
    }

    /**
     * Runs {@code job.run(p, parts)} for every {@code p < parts}, part 0 in the caller and the others on workers
     * when they are free, and returns when all are done. Exceptions from any part are rethrown here.
     */
    public static void run(Job job, int parts) {
        if (parts <= 1 || !BUSY.compareAndSet(false, true)) {
            for (int p = 0; p < parts; p++) {
                job.run(p, parts);
            }
            return;
        }
        try {
            Worker[] ws = workers(parts - 1);
            for (int w = 0; w < parts - 1; w++) {
                ws[w].post(job, w + 1, parts);
            }
            Throwable failure = null;
            try {
                job.run(0, parts);
            } catch (Throwable t) {
                failure = t;
            }
            for (int w = 0; w < parts - 1; w++) {
                Throwable t = ws[w].await();
                if (failure == null) {
                    failure = t;
                }
            }
            if (failure instanceof RuntimeException) {
                throw (RuntimeException) failure;
            }
            if (failure instanceof Error) {
                throw (Error) failure;
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
        } finally {
            BUSY.set(false);
        }
    }

    /** The first n workers, started on first use (only ever called by the caller holding BUSY). */
    private static Worker[] workers(int n) {
        if (workers.length < n) {
            Worker[] ws = java.util.Arrays.copyOf(workers, n);
            for (int i = workers.length; i < n; i++) {
                ws[i] = new Worker(i + 1);
            }
            workers = ws;
        }
        return workers;
    }

    private static final class Worker implements Runnable {
        private final Thread thread;
        private volatile long posted;
        private volatile long done;
        private volatile boolean sleeping;
        private Job job;
        private int part;
        private int parts;
        private Throwable failure;

        Worker(int index) {
            thread = new Thread(this, "gru4j-kernel-" + index);
            thread.setDaemon(true);
            thread.start();
        }

        void post(Job j, int p, int n) {
            job = j;
            part = p;
            parts = n;
            failure = null;
            posted = posted + 1;
            if (sleeping) {
                LockSupport.unpark(thread);
            }
        }

        Throwable await() {
            long target = posted;
            long start = System.nanoTime();
            int spins = 0;
            while (done != target) {
                if (++spins < 1024 || System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            Throwable t = failure;
            job = null;
            return t;
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                long start = System.nanoTime();
                int spins = 0;
                while (posted == seen) {
                    if ((++spins & 255) != 0 || System.nanoTime() - start < SPIN_NANOS) {
                        Thread.onSpinWait();
                        continue;
                    }
                    sleeping = true;
                    if (posted == seen) {
                        LockSupport.park(this);
                    }
                    sleeping = false;
                    start = System.nanoTime();
                }
                seen = posted;
                try {
                    job.run(part, parts);
                } catch (Throwable t) {
                    failure = t;
                }
                done = seen;
            }
        }
    }
}
