/**
 * The {@code gru4j} command line (picocli): {@code train} on task presets (forecast, classify, charlm, seq2seq)
 * with {@code --output DIR} writing the model file, the task's preprocessing ({@code task.json}), history, charts and
 * an HTML report; {@code evaluate}, {@code predict}, {@code forecast}, {@code generate} and {@code translate} on
 * such a directory; {@code bench}, {@code analyze}, {@code convert} and {@code inspect}. Every error is one line that
 * says what to fix, with the stack trace under {@code --verbose}.
 */
package org.gru4j.cli;
