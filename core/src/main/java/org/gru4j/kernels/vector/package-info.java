/**
 * The Vector API implementation of {@link org.gru4j.kernels.Kernels}. This is the only package that imports
 * {@code jdk.incubator.vector}: the module is optional at run time, so {@link org.gru4j.kernels.KernelProvider}
 * loads {@link org.gru4j.kernels.vector.VectorKernels} reflectively and nothing else may link against it.
 */
package org.gru4j.kernels.vector;
