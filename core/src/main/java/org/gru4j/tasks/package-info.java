/**
 * Complete applications built from the library, each evaluated on held-out data beside a baseline: forecasting
 * ({@link org.gru4j.tasks.Forecast}, {@link org.gru4j.tasks.StreamingForecast}), text classification, a
 * character-level language model ({@link org.gru4j.tasks.CharLanguageModel}, bits per character) and attentional
 * translation ({@link org.gru4j.tasks.Translation}, scored with {@link org.gru4j.tasks.Bleu}).
 */
package org.gru4j.tasks;
