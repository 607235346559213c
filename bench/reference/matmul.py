"""numpy sgemm GFLOP/s at 256, 512, 1024 and 2048 (best of 5 rounds), the GEMM ceiling of `backprop bench matmul`."""
import json
import sys
import time

import numpy as np

for n in (256, 512, 1024, 2048):
    rng = np.random.default_rng(n)
    a = rng.uniform(-1, 1, (n, n)).astype(np.float32)
    b = rng.uniform(-1, 1, (n, n)).astype(np.float32)
    flops = 2 * n ** 3
    reps = max(3, int(4e9 / flops))
    for _ in range(reps):
        a @ b
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(reps):
            a @ b
        best = min(best, (time.perf_counter() - start) / reps)
    print(json.dumps({"workload": f"matmul-{n}", "framework": "numpy", "gflops": round(flops / best / 1e9, 1),
                      "numpy": np.__version__}), flush=True)
