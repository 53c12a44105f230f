/**
 * Seeing a run: PNG charts of training curves, forecasts, confusion matrices and the analyses of
 * {@code org.gru4j.analysis} ({@link org.gru4j.report.Charts}, drawn with XChart, headless), and one self-contained
 * HTML page per run that embeds them ({@link org.gru4j.report.HtmlReport}). Every file is written atomically.
 */
package org.gru4j.report;
