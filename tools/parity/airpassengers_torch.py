#!/usr/bin/python3
"""Train gru4j's AirPassengers parity model in PyTorch and write its loss curve.

Usage: /usr/bin/python3 tools/parity/airpassengers_torch.py INPUTS.safetensors OUT.json

INPUTS is written by org.gru4j.examples.ParityExport: the training windows, gru4j's initial weights under
PyTorch names, the batch order of every epoch and what is needed to score the test forecasts. This script builds
nn.GRU(1, 32, batch_first=True) + nn.Linear(32, 1) with those weights and trains it with the same batches, MSE
and Adam written out in Keras's form exactly as gru4j's org.gru4j.optim.Adam computes it:

    m = m + (g - m) * (1 - beta1)          in float64, stored as float32
    v = v + (g*g - v) * (1 - beta2)        in float64, stored as float32
    lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
    p = p - lr_t * m / (sqrt(v) + eps)     in float64 with the unrounded m, v; stored as float32

(torch.optim.Adam differs only in where eps goes: m_hat / (sqrt(v_hat) + eps), i.e. eps is scaled by
sqrt(1 - beta2^t); pass --torch-adam to use it instead, with eps 1e-7.)

Forward and backward are PyTorch's own float32 nn.GRU, nn.Linear and F.mse_loss. Needs only torch and numpy
(Debian's python3-torch); the safetensors file is read by the small reader below.
"""
import argparse
import json
import math
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DTYPES = {"F32": "<f4", "F64": "<f8"}


def read_safetensors(path):
    """Minimal safetensors reader: u64-LE header length, JSON header, raw little-endian C-order data."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    base = 8 + n
    out = {}
    for name, info in header.items():
        s, e = info["data_offsets"]
        arr = np.frombuffer(data[base + s:base + e], dtype=DTYPES[info["dtype"]]).reshape(info["shape"])
        out[name] = arr.copy()
    return out, meta


class Net(nn.Module):
    def __init__(self, units):
        super().__init__()
        self.gru = nn.GRU(1, units, batch_first=True)
        self.fc = nn.Linear(units, 1)

    def forward(self, x):
        out, _ = self.gru(x)  # h0 = 0
        return self.fc(out[:, -1, :])


class KerasAdam:
    """gru4j's / Keras's Adam, with gru4j's float64 arithmetic and float32 storage."""

    def __init__(self, params, lr, beta1=0.9, beta2=0.999, eps=1e-7):
        self.params = list(params)
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m = [torch.zeros_like(p) for p in self.params]
        self.v = [torch.zeros_like(p) for p in self.params]
        self.t = 0

    @torch.no_grad()
    def step(self):
        self.t += 1
        lr_t = self.lr * math.sqrt(1 - self.beta2 ** self.t) / (1 - self.beta1 ** self.t)
        for p, m, v in zip(self.params, self.m, self.v):
            g = p.grad.double()
            mi = m.double() + (g - m.double()) * (1 - self.beta1)
            vi = v.double() + (g * g - v.double()) * (1 - self.beta2)
            m.copy_(mi.float())
            v.copy_(vi.float())
            p.copy_((p.double() - lr_t * mi / (vi.sqrt() + self.eps)).float())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("inputs")
    ap.add_argument("out")
    ap.add_argument("--torch-adam", action="store_true", help="use torch.optim.Adam (eps on the corrected sqrt(v))")
    args = ap.parse_args()

    torch.set_default_dtype(torch.float32)
    torch.set_num_threads(1)
    torch.manual_seed(0)  # nothing is drawn; weights and batch order come from the file

    t, meta = read_safetensors(args.inputs)
    lr, batch_size = 0.005, int(meta["batch_size"])
    x = torch.from_numpy(t["x_train"])
    y = torch.from_numpy(t["y_train"])
    order = t["batch_order"].astype(np.int64)
    epochs, n = order.shape
    assert n == x.shape[0] and x.dtype == torch.float32, (x.shape, x.dtype)
    units = t["gru.weight_hh_l0"].shape[1]

    net = Net(units)
    state = {k: torch.from_numpy(t[k]) for k in net.state_dict()}
    net.load_state_dict(state, strict=True)
    if args.torch_adam:
        opt = torch.optim.Adam(net.parameters(), lr=lr, betas=(0.9, 0.999), eps=1e-7)
    else:
        opt = KerasAdam(net.parameters(), lr)

    epoch_loss, batch_loss = [], []
    for e in range(epochs):
        perm = torch.from_numpy(order[e])
        total, losses = 0.0, []
        for b in range(0, n, batch_size):
            idx = perm[b:b + batch_size]
            for p in net.parameters():
                p.grad = None
            pred = net(x[idx])
            loss = F.mse_loss(pred, y[idx])
            loss.backward()
            opt.step()
            # the reported loss in float64 from the float32 predictions, as gru4j reports it
            value = ((pred.detach().double() - y[idx].double()) ** 2).mean().item()
            losses.append(value)
            total += value * len(idx)
        epoch_loss.append(total / n)
        batch_loss.append(losses)

    with torch.no_grad():
        pred = net(torch.from_numpy(t["x_test"])).double().numpy()[:, 0]
    mean, std = t["scale"]
    forecast = np.exp(t["test_log_base"] + pred * std + mean)
    rmse = float(np.sqrt(np.mean((forecast - t["test_actual"]) ** 2)))

    result = {
        "framework": "pytorch",
        "torch_version": torch.__version__,
        "optimizer": "torch.optim.Adam" if args.torch_adam else "Keras-form Adam (as gru4j), written by hand",
        "threads": torch.get_num_threads(),
        "epochs": epochs,
        "batch_size": batch_size,
        "epoch_loss": epoch_loss,
        "batch_loss": batch_loss,
        "test_rmse": rmse,
    }
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print("torch %s: loss first epoch %.6f, last %.6f; test RMSE %.3f; wrote %s"
          % (torch.__version__, epoch_loss[0], epoch_loss[-1], rmse, args.out), file=sys.stderr)


if __name__ == "__main__":
    main()
