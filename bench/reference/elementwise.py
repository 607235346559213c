"""numpy side of ElementWiseBenchmark on 1,000,000 float32 values, new output each time: a + b, a * b, exp, tanh, the
logistic function, and a [1000] bias added to each row of a [1000, 1000] matrix; the sum of a, the sums of the
matrix's rows and columns, and the max of each row.

Prints the median and min-max over repeated runs, in microseconds per operation, like JMH's average time.
"""
import statistics
import timeit

import numpy as np

rng = np.random.default_rng(1)
a = rng.uniform(-1, 1, 1_000_000).astype(np.float32)
b = rng.uniform(-1, 1, 1_000_000).astype(np.float32)
matrix = rng.uniform(-1, 1, (1000, 1000)).astype(np.float32)
bias = rng.uniform(-1, 1, 1000).astype(np.float32)
one = np.float32(1)

for name, fn in (("add", lambda: a + b), ("mul", lambda: a * b), ("exp", lambda: np.exp(a)), ("tanh", lambda: np.tanh(a)),
                 ("sigmoid", lambda: one / (one + np.exp(-a))), ("addBias", lambda: matrix + bias),
                 ("sumAll", lambda: a.sum()), ("sumRows", lambda: matrix.sum(axis=1)),
                 ("sumColumns", lambda: matrix.sum(axis=0)), ("maxRows", lambda: matrix.max(axis=1))):
    for _ in range(200):
        fn()
    runs = [timeit.timeit(fn, number=100) / 100 * 1e6 for _ in range(30)]
    print(f"numpy {name}: median {statistics.median(runs):.1f} us (min {min(runs):.1f}, max {max(runs):.1f})")
