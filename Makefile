# 陇原家政 — the two commands a new user needs:
#   make run    install what is missing, build, create var/jiazheng.db with demo data, serve :8080
#   make test   install what is missing, build, run unit, integration (SQLite + PostgreSQL) and browser tests
SHELL := /bin/bash
BUILD ?= build
JOBS ?= $(shell nproc)
DEMO_WORKERS ?= 2000
# ccache shares objects between build folders (a CI clone hits the cache of earlier builds).
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1
WEB_SOURCES := $(shell find web/src web/index.html web/vite.config.* web/package.json -type f 2>/dev/null)

.PHONY: run test deps build web bench clean format fuzz

deps:
	@bash scripts/install-deps.sh

$(BUILD)/CMakeCache.txt: CMakeLists.txt
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

web/dist/index.html: $(WEB_SOURCES) web/package-lock.json
	cd web && npm run build --silent
	@touch web/dist/index.html

web: deps web/dist/index.html

run: build web
	@mkdir -p var
	$(BUILD)/jiazheng demo-data --workers $(DEMO_WORKERS) --seed 1
	exec $(BUILD)/jiazheng serve

test: build web
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: deps
	bash bench/run.sh

# libFuzzer targets (fuzz/), each for FUZZ_SECONDS (default 60): FUZZ_SECONDS=600 make fuzz
fuzz: deps
	bash fuzz/run.sh

clean:
	rm -rf $(BUILD) web/dist

format:
	clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp')
