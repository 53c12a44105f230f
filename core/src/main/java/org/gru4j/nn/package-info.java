/**
 * Layers as forward/backward pairs with explicit caches ({@link org.gru4j.nn.Forward}), parameters as named views
 * ({@link org.gru4j.nn.Parameter}), the feed-forward layers Dense, Embedding and Dropout, and Luong attention
 * ({@link org.gru4j.nn.Attention}) for encoder-decoder models. Recurrent layers are
 * in {@code org.gru4j.nn.recurrent}.
 */
package org.gru4j.nn;
