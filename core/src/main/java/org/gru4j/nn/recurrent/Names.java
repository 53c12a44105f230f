package org.gru4j.nn.recurrent;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Default layer names like Keras's: gru, gru_1, gru_2, ... per JVM. A name given by the user wins. */
final class Names {
    private static final ConcurrentHashMap<String, AtomicInteger> COUNTERS = new ConcurrentHashMap<>();

    private Names() {
    }

    static String next(String base) {
        int n = COUNTERS.computeIfAbsent(base, b -> new AtomicInteger()).getAndIncrement();
        return n == 0 ? base : base + "_" + n;
    }
}
