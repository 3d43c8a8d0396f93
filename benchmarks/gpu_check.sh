#!/usr/bin/env bash
# The GPU check (see benchmarks/gpu_check.py): Lag-DPO on the tiny model in bf16 on CUDA vs float32 on the CPU,
# a few greedy answers on CUDA; exit 0 when every check passes, 1 otherwise. One GPU machine, no network, the
# project's wheels already in .venv (make install). About a minute; cut at GPU_CHECK_TIMEOUT_S (default 470 s)
# so that it always ends within 8 minutes. With $OUT set, the report goes to $OUT/gpu_check.json.
#
#   bash benchmarks/gpu_check.sh              # on the GPU machine
#   bash benchmarks/gpu_check.sh --cpu-only   # anywhere: the CUDA half is replaced by a second CPU run
#   bash benchmarks/gpu_check.sh --steps 20 --tol 0.02 --keep --work /tmp/gc
set -uo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
if [ ! -x "$PY" ]; then
    echo "gpu_check: $PY not found; run make install first (or set PY=/path/to/python)" >&2
    exit 1
fi
export HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false TQDM_DISABLE=1
t0=$(date +%s)
timeout --kill-after=10 "${GPU_CHECK_TIMEOUT_S:-470}" "$PY" benchmarks/gpu_check.py "$@"
rc=$?
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    echo "gpu_check: stopped after ${GPU_CHECK_TIMEOUT_S:-470} s (timeout); the report so far is in \$OUT/gpu_check.json" >&2
    rc=1
fi
echo "gpu_check: exit $rc, wall $(( $(date +%s) - t0 )) s"
exit "$rc"
