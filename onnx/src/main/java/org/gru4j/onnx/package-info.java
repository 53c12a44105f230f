/**
 * ONNX export and import for gru4j's recurrent models: {@link org.gru4j.onnx.OnnxExport} writes models that ONNX
 * Runtime runs with gru4j's numbers; {@link org.gru4j.onnx.OnnxImport} runs ONNX files of GRU, LSTM and RNN
 * operators (gru4j's own and {@code torch.onnx.export}'s) with gru4j's layers. The ONNX protobuf messages are
 * hand-written over protobuf-java's wire format ({@code OnnxProto}), with every length and size checked.
 */
package org.gru4j.onnx;
