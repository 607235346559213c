#!/usr/bin/env bash
# Runs Backprop and the references alternately in one go and prints each ratio (Backprop / reference).
#   bench/compare.sh [ROUNDS]     default 3 rounds; results are medians with min-max
# PyTorch is given its best setup: OpenBLAS (OpenMP) instead of the reference BLAS, the CPU type that Debian's
# OpenBLAS 0.3.21 does not recognise, and one thread per core. numpy gives the GEMM ceiling.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-3}"
out="$(mktemp -d)"
torch_python=/usr/bin/python3
"$torch_python" -c 'import torch' 2>/dev/null || { echo "compare.sh: needs Debian's python3-torch (apt-get install python3-torch libopenblas0-openmp)" >&2; exit 1; }
numpy_python="$(command -v python3)"
torch_env=(env LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OPENBLAS_CORETYPE=SapphireRapids)

# Backprop's heap is capped so its peak RSS is comparable (the JVM otherwise grows the heap to a quarter of RAM);
# override with BACKPROP_JAVA_OPTS.
export BACKPROP_JAVA_OPTS="${BACKPROP_JAVA_OPTS:--XX:+UseParallelGC -Xmx256m -Xmn128m}"
echo "Backprop JVM options: $BACKPROP_JAVA_OPTS"
"$root/backprop" --version >/dev/null # build first, outside the timing
for round in $(seq "$rounds"); do
    for w in W1 W2; do
        "$root/backprop" bench "$w" --json >>"$out/results.jsonl"
        "${torch_env[@]}" "$torch_python" "$root/bench/reference/workloads.py" "$w" >>"$out/results.jsonl"
    done
    "$root/backprop" bench matmul --json >>"$out/results.jsonl"
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$numpy_python" "$root/bench/reference/matmul.py" >>"$out/results.jsonl"
done

"$numpy_python" - "$out/results.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip().startswith("{")]
def stats(workload, framework, key):
    v = [r[key] for r in rows if r["workload"] == workload and r["framework"] == framework]
    return statistics.median(v), min(v), max(v)
print(f"{'workload':<12} {'Backprop':>26} {'reference':>26} {'ratio':>7}")
for w, ref in [("W1", "pytorch"), ("W2", "pytorch")]:
    b, r = stats(w, "backprop", "samples_per_second"), stats(w, ref, "samples_per_second")
    print(f"{w:<12} {b[0]:>10,.0f} ({b[1]:,.0f}-{b[2]:,.0f}) {r[0]:>10,.0f} ({r[1]:,.0f}-{r[2]:,.0f}) {b[0]/r[0]:>6.2f}x  samples/s vs {ref}")
    bm, rm = stats(w, "backprop", "peak_rss_bytes")[0] / 2**20, stats(w, ref, "peak_rss_bytes")[0] / 2**20
    print(f"{w + ' RSS':<12} {bm:>22,.0f} MB {rm:>22,.0f} MB {bm/rm:>6.2f}x  peak resident memory")
for kind, note in (("matmul", "GFLOP/s vs numpy, into one result (sgemm)"), ("matmul-alloc", "GFLOP/s, a new result each time")):
    for n in (256, 512, 1024, 2048):
        w = f"{kind}-{n}"
        b, r = stats(w, "backprop", "gflops"), stats(w, "numpy", "gflops")
        print(f"{w:<17} {b[0]:>9.1f} ({b[1]:.1f}-{b[2]:.1f}) {r[0]:>9.1f} ({r[1]:.1f}-{r[2]:.1f}) {b[0]/r[0]:>6.2f}x  {note}")
kernel = next(r.get("matmul_kernel") for r in rows if r["framework"] == "backprop")
print(f"Backprop matmul kernel: {kernel}; rounds: {sum(1 for r in rows if r['workload'] == 'W1' and r['framework'] == 'backprop')}")
PY
echo "raw results: $out/results.jsonl"
