/**
 * Numerical kernels behind every layer: a scalar reference and, in {@code org.gru4j.kernels.vector}, the Vector
 * API implementation. Only that sub-package imports {@code jdk.incubator.vector}.
 */
package org.gru4j.kernels;
