/**
 * Training support for {@code Model.fit}: options, history, and Keras's callbacks (EarlyStopping,
 * ModelCheckpoint, ReduceLROnPlateau, CSV logging) behind the {@link org.gru4j.train.Callback} interface.
 */
package org.gru4j.train;
