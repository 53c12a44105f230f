/**
 * Weight initializers with Keras and PyTorch semantics ({@link org.gru4j.nn.init.Initializers}).
 *
 * <p>Layout convention: gru4j stores weight matrices {@code (out_features, in_features)} like PyTorch, so for a
 * matrix parameter {@code fanIn = columns} and {@code fanOut = rows}. A Keras kernel is the transpose of ours; the
 * fans (and therefore every variance-scaling limit) are the same in both frameworks.
 */
package org.gru4j.nn.init;
