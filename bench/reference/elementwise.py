"""numpy side of ElementWiseBenchmark: a + b and a * b on two 1,000,000-float32 arrays, new output each time.

Prints the median and min-max over repeated runs, in microseconds per operation, like JMH's average time.
"""
import statistics
import timeit

import numpy as np

rng = np.random.default_rng(1)
a = rng.uniform(-1, 1, 1_000_000).astype(np.float32)
b = rng.uniform(-1, 1, 1_000_000).astype(np.float32)

for name, fn in (("add", lambda: a + b), ("mul", lambda: a * b)):
    for _ in range(200):
        fn()
    runs = [timeit.timeit(fn, number=100) / 100 * 1e6 for _ in range(30)]
    print(f"numpy {name}: median {statistics.median(runs):.1f} us (min {min(runs):.1f}, max {max(runs):.1f})")
