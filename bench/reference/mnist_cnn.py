"""PyTorch reference for `./backprop image train`: the same CNN on the same MNIST IDX files, 3 epochs, batch 128,
Adam 1e-3, the last 10% of the training images held out for validation. Reports seconds per epoch, samples/s and test
accuracy. Usage (compare.sh sets the environment): python3 mnist_cnn.py [DATA_DIR] [EPOCHS] [SEED] [INIT] [MODEL]
INIT is PyTorch's own initialisation (`default`), `he` (He-uniform weights before each ReLU, Glorot-uniform for the
output layer, zero biases: as `backprop image train`) or `glorot` (Glorot-uniform everywhere, zero biases: Keras's
default). MODEL is `cnn` (the default, as `--model cnn`) or `cnn2` (two convolutions, as `--model cnn2`).
"""
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(os.cpu_count())
data = sys.argv[1] if len(sys.argv) > 1 else os.path.expanduser("~/.backprop/datasets/mnist")
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 42
init = sys.argv[4] if len(sys.argv) > 4 else "default"
architecture = sys.argv[5] if len(sys.argv) > 5 else "cnn"
torch.manual_seed(seed)


def idx(name):
    import gzip
    path = os.path.join(data, name)
    raw = open(path, "rb").read() if os.path.exists(path) else gzip.open(path + ".gz").read()
    rank = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


x = torch.tensor(idx("train-images-idx3-ubyte"), dtype=torch.float32).unsqueeze(1) / 255
y = torch.tensor(idx("train-labels-idx1-ubyte"), dtype=torch.long)
xt = torch.tensor(idx("t10k-images-idx3-ubyte"), dtype=torch.float32).unsqueeze(1) / 255
yt = torch.tensor(idx("t10k-labels-idx1-ubyte"), dtype=torch.long)
split = len(x) - len(x) // 10
x, xv, y, yv = x[:split], x[split:], y[:split], y[split:]

if architecture == "cnn2":
    model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Dropout(0.25), nn.Flatten(), nn.Linear(9216, 128), nn.ReLU(), nn.Dropout(0.5),
                          nn.Linear(128, 10))
else:
    model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25), nn.Flatten(),
                          nn.Linear(5408, 128), nn.ReLU(), nn.Linear(128, 10))
weighted = [layer for layer in model if isinstance(layer, (nn.Conv2d, nn.Linear))]
for layer in weighted if init != "default" else []:
    if init == "he" and layer is not weighted[-1]:  # the layers before a ReLU, as backprop's cnn model
        nn.init.kaiming_uniform_(layer.weight, nonlinearity="relu")
    else:
        nn.init.xavier_uniform_(layer.weight)
    nn.init.zeros_(layer.bias)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
generator = torch.Generator().manual_seed(seed)
total = 0.0
for epoch in range(epochs):
    model.train()
    start = time.perf_counter()
    order = torch.randperm(len(x), generator=generator)
    for i in range(0, len(x), 128):
        batch = order[i:i + 128]
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x[batch]), y[batch])
        loss.backward()
        optimizer.step()
    seconds = time.perf_counter() - start
    total += seconds
    model.eval()
    with torch.no_grad():
        val = (model(xv).argmax(1) == yv).float().mean().item()
    print(f"epoch {epoch + 1}/{epochs}  {seconds:.1f}s  {len(x) / seconds:,.0f} samples/s  val_accuracy {val:.4f}",
          flush=True)
with torch.no_grad():
    acc = (model(xt).argmax(1) == yt).float().mean().item()
print(f"pytorch {torch.__version__} ({architecture}, seed {seed}, init {init}): test accuracy {acc:.4f}; {total / epochs:.1f} s/epoch, "
      f"{len(x) * epochs / total:,.0f} samples/s")
