/** Seeded randomness and small shared helpers. */
package org.gru4j.util;
