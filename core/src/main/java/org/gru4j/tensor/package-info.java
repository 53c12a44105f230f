/** Row-major float32 tensors with checked shapes. */
package org.gru4j.tensor;
