# wi-doctor: two commands do all set-up on a fresh machine.
#   make demo   installs dependencies, builds, analyzes the shipped example bundle
#   make test   installs dependencies, builds, runs every test
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
# ccache, when the machine has it, makes a rebuild after a fresh clone cheap; never required.
LAUNCHER := $(if $(shell command -v ccache),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache,)
DEMO_BUNDLE := fixtures/bundles/quickstart-issuer-slash

PREFIX ?= /usr/local
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60

.PHONY: all deps test-deps build demo test test-sanitize lint bench fuzz clean install package

all: build

deps:
	@scripts/install-deps.sh build

# What the tests feed our reports to: xmllint, junitparser, Chromium, SARIF Multitool (npm).
test-deps:
	@scripts/install-deps.sh test

$(BUILD)/build.ninja: CMakeLists.txt | deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWID_WERROR=ON $(LAUNCHER) $(CMAKE_FLAGS)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

# Exit 3 means "error findings", which is what the demo bundle is for. Only the binary is built.
demo: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS) --target wi-doctor
	@echo "== wi-doctor analyze $(DEMO_BUNDLE)"
	@$(BUILD)/wi-doctor analyze $(DEMO_BUNDLE) -o text=- -o json=report.json; rc=$$?; \
	  if [ $$rc -ne 0 ] && [ $$rc -ne 3 ]; then exit $$rc; fi
	@echo "== wrote report.json"

test: test-deps build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The same tests under AddressSanitizer + UndefinedBehaviorSanitizer, but for two kinds that add
# time and nothing else there: the report-consumer tests (third-party validators of the output
# format, which `make test` runs) and the fuzz replays (`make fuzz` runs every seed under ASan
# first). Warnings are not errors here:
# instrumented code warns differently (GCC 12), and `make build` already holds them.
test-sanitize: test-deps
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DWID_SANITIZE=ON $(LAUNCHER) \
	  -DWID_BUILD_BENCH=OFF $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ctest --output-on-failure -j $(JOBS) \
	  -E '^(consumers|fuzz[.]replay)[.]'

# clang-format and clang-tidy over the tree (.clang-format, .clang-tidy); CI runs it.
lint: build
	@scripts/install-deps.sh lint
	scripts/lint.sh $(BUILD)

# The binary, kubectl-wi_doctor, the man page, docs and the example bundle under $(PREFIX).
install: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS) --target wi-doctor wid_man
	cmake --install $(BUILD) --prefix $(PREFIX)

# $(BUILD)/wi-doctor_<version>_<arch>.deb (CPack; Depends from dpkg-shlibdeps). The package test
# (ctest -R package) builds one of its own in a temporary directory.
package: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS) --target wi-doctor wid_man
	cd $(BUILD) && cpack -G DEB

# Every libFuzzer target (tests/fuzz/) for FUZZ_SECONDS each under ASan+UBSan, one at a time; new
# crashes are kept under tests/fuzz/regressions/<target>/ (tests/fuzz/run_fuzzers.sh).
fuzz: deps
	@scripts/install-deps.sh fuzz
	cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWID_FUZZ=ON $(LAUNCHER) \
	  -DCMAKE_CXX_COMPILER=clang++ -DWID_BUILD_BENCH=OFF $(CMAKE_FLAGS)
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz
	tests/fuzz/run_fuzzers.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

bench: test-deps build
	bench/run_bench.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) report.json
