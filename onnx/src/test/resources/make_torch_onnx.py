#!/usr/bin/env python3
"""Writes the PyTorch-made ONNX files that TorchImportTest loads, with an input and PyTorch's output for each.

Run from this directory with a PyTorch that has torch.onnx (tested with 1.13):
    python3 make_torch_onnx.py
The outputs are committed; the test does not need Python.

Files, each model exported by torch.onnx.export at opset 14 with dynamic batch and step axes:
  torch_gru_bi2.onnx   nn.GRU(3, 4, num_layers=2, bidirectional=True, batch_first=True) + nn.Linear(8, 2) on every step
  torch_lstm_last.onnx nn.LSTM(3, 5, batch_first=True) + nn.Linear(5, 2) on the last step
  <name>.json          {"input": {"shape", "data"}, "output": {"shape", "data"}}, float32 values as computed by PyTorch
"""
import json

import torch


class GruBi2(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = torch.nn.GRU(3, 4, num_layers=2, bidirectional=True, batch_first=True)
        self.fc = torch.nn.Linear(8, 2)

    def forward(self, x):
        y, _ = self.gru(x)
        return self.fc(y)


class LstmLast(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(3, 5, batch_first=True)
        self.fc = torch.nn.Linear(5, 2)

    def forward(self, x):
        y, _ = self.lstm(x)
        return self.fc(y[:, -1])


def tensor_json(t):
    return {"shape": list(t.shape), "data": [float(v) for v in t.detach().reshape(-1).tolist()]}


def export(name, model, x, dynamic_out):
    model.eval()
    with torch.no_grad():
        y = model(x)
    torch.onnx.export(model, (x,), name + ".onnx", opset_version=14, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "batch", 1: "steps"}, "y": dynamic_out})
    with open(name + ".json", "w") as f:
        json.dump({"input": tensor_json(x), "output": tensor_json(y)}, f)
    print(name, tuple(x.shape), "->", tuple(y.shape))


def main():
    torch.manual_seed(20240501)
    export("torch_gru_bi2", GruBi2(), torch.randn(2, 5, 3), {0: "batch", 1: "steps"})
    torch.manual_seed(20240502)
    export("torch_lstm_last", LstmLast(), torch.randn(3, 4, 3), {0: "batch"})


if __name__ == "__main__":
    main()
