"""PyTorch side of `./backprop bench`: the same workloads, synthetic data of the same shape, same batch counts.

W1: MLP 784-256-128-10 ReLU; W2: the Keras MNIST CNN (conv 32 3x3, ReLU, max-pool 2, dropout 0.25, dense 128 ReLU,
dense 10). Softmax cross-entropy, Adam 1e-3, batch 128. Prints one JSON object per workload, like `--json`.

Run it through bench/compare.sh, which gives PyTorch OpenBLAS (OpenMP) and the CPU type; or by hand:
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OPENBLAS_CORETYPE=SapphireRapids \
        /usr/bin/python3 bench/reference/workloads.py W1 W2
"""
import json
import os
import resource
import sys
import time

import torch
import torch.nn as nn

THREADS = os.cpu_count()
torch.set_num_threads(THREADS)
torch.manual_seed(1)


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                         nn.Linear(128, 10))


def cnn():
    return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25), nn.Flatten(),
                         nn.Linear(5408, 128), nn.ReLU(), nn.Linear(128, 10))


WORKLOADS = {"W1": (mlp, (128, 784), 1000, 2000), "W2": (cnn, (128, 1, 28, 28), 150, 150)}  # as backprop bench


def run(name):
    make, shape, batches, warmup = WORKLOADS[name]
    model = make()
    model.train()
    x = torch.rand(shape)
    y = torch.randint(0, 10, (shape[0],))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()

    def step():
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()

    for _ in range(warmup):
        step()
    start = time.perf_counter()
    for _ in range(batches):
        step()
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"workload": name, "framework": "pytorch", "samples_per_second": round(batches * shape[0] / seconds, 1),
                      "peak_rss_bytes": rss, "batches": batches, "batch_size": shape[0], "threads": THREADS,
                      "torch": torch.__version__}), flush=True)


if __name__ == "__main__":
    for name in sys.argv[1:] or ["W1", "W2"]:
        run(name)
