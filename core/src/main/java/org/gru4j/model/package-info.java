/**
 * Models: {@link org.gru4j.model.Sequential} stacks and functional graphs of {@link org.gru4j.model.Node}s, with
 * Keras's compile, fit, evaluate, predict and summary.
 */
package org.gru4j.model;
