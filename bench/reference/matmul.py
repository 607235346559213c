"""numpy sgemm GFLOP/s at 256, 512, 1024 and 2048 (best of 5 rounds), the GEMM ceiling of `backprop bench matmul`:
`matmul-N` writes into one result (`out=`, as sgemm writes its C), `matmul-alloc-N` allocates each result (`a @ b`)."""
import json
import sys
import time

import numpy as np


def gflops(n, product):
    flops = 2 * n ** 3
    reps = max(3, int(4e9 / flops))
    for _ in range(reps):
        product()
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(reps):
            product()
        best = min(best, (time.perf_counter() - start) / reps)
    return round(flops / best / 1e9, 1)


for n in (256, 512, 1024, 2048):
    rng = np.random.default_rng(n)
    a = rng.uniform(-1, 1, (n, n)).astype(np.float32)
    b = rng.uniform(-1, 1, (n, n)).astype(np.float32)
    c = np.empty((n, n), np.float32)
    for workload, product in ((f"matmul-{n}", lambda: np.matmul(a, b, out=c)), (f"matmul-alloc-{n}", lambda: a @ b)):
        print(json.dumps({"workload": workload, "framework": "numpy", "gflops": gflops(n, product),
                          "numpy": np.__version__}), flush=True)
