/**
 * File formats: a strict JSON parser and writer ({@link org.gru4j.io.Json}), the safetensors tensor format
 * ({@link org.gru4j.io.SafeTensors}), atomic file replacement ({@link org.gru4j.io.AtomicFiles}), gru4j's native
 * model and checkpoint file ({@link org.gru4j.io.ModelFile}, with layers written by
 * {@link org.gru4j.io.LayerCodecs}) and PyTorch state_dicts ({@link org.gru4j.io.PyTorchFiles}).
 *
 * <p>Conventions shared by every reader here: all data is little-endian; a file is validated completely
 * (lengths checked for overflow and against the file's size) before anything is returned; every defect is reported
 * as a {@link org.gru4j.io.ModelFormatException} naming the file, what was expected and what was found, never as
 * another exception type; and writers replace files atomically, so a crash leaves the old file or the new one.
 */
package org.gru4j.io;
