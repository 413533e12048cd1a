# alliance-sim - build, run and test.
#
#   make run     install missing Debian packages, build, run the default scenario
#   make test    install missing Debian packages, build, run every test
#   make sanitize / make valgrind / make lint / make format / make docs
#   make fuzz    fuzz the scenario and sweep-file loaders (FUZZ_SECONDS each)
#   make mpi     bin/alliance-sim-mpi, sweeps over MPI ranks (OpenMPI)
#   make test-mpi  install OpenMPI, build it, compare it with the serial run
#   make install PREFIX=/usr/local DESTDIR=   (make uninstall undoes it)
#
# Warnings are errors (WERROR=0 to relax them while hacking).

CC ?= gcc
WERROR ?= 1
OPT ?= -O2

DEB_PACKAGES := gcc make pkg-config libgsl-dev libconfig-dev libhdf5-dev \
                hdf5-tools libcmocka-dev librandom123-dev libdeflate-dev python3 python3-h5py \
                python3-numpy python3-xarray python3-h5netcdf python3-netcdf4 netcdf-bin \
                libjs-chart.js libplplot-dev plplot-driver-cairo \
                fonts-dejavu-core

# What the tests need beyond the build: headless Chromium and its driver for
# the HTML report (tests/report_test.py), Pillow to read its screenshots;
# man-db and groff-base for `man --warnings` on the manual page; pandas for
# the Python snippets of docs/reading.md (with xarray, h5netcdf and netCDF4
# above; the R ones run when r-cran-hdf5r happens to be installed).
TEST_PACKAGES := chromium chromium-driver python3-selenium python3-pil \
                 man-db groff-base python3-pandas

# The MPI build's packages: the compiler wrapper and library, mpirun, and
# the build of HDF5 linked against OpenMPI (a program links one HDF5 only).
MPI_PACKAGES := libopenmpi-dev openmpi-bin libhdf5-openmpi-dev

# Debian's multiarch directory (x86_64-linux-gnu, aarch64-linux-gnu, ...).
MULTIARCH := $(shell $(CC) -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
# serial, or openmpi for the MPI build (make mpi sets it).
HDF5_FLAVOUR ?= serial
HDF5_DIR := /usr/lib/$(MULTIARCH)/hdf5/$(HDF5_FLAVOUR)
WARNINGS := -Wall -Wextra -Wshadow -Wconversion -Wmissing-prototypes \
            -Wstrict-prototypes -Wformat=2 -Wundef
ifeq ($(WERROR),1)
WARNINGS += -Werror
endif

# HAVE_INLINE: GSL's headers then define gsl_rng_get, gsl_rng_uniform and
# the vector accessors inline (GSL's own advice) instead of calling into
# libgsl for each: the same functions, one call fewer per random number.
CPPFLAGS += -D_GNU_SOURCE -DHAVE_INLINE -I. -I/usr/include/hdf5/$(HDF5_FLAVOUR) -I/usr/include/plplot
# The MPI code (sim/analysis/sweep_mpi.c) is compiled only in the MPI build:
# the serial build needs no MPI package.
ifeq ($(MPI),1)
CPPFLAGS += -DSIM_MPI
endif
CFLAGS ?= $(OPT) -g
# SAN_CFLAGS: sanitizer flags added to, not replacing, the language,
# OpenMP and warning flags (make sanitize).
CFLAGS += -std=c11 -fopenmp $(WARNINGS) $(SAN_CFLAGS)
# HDF5 from the archives libhdf5-dev ships: Debian's shared library brings
# libcurl, GnuTLS and Kerberos for its ROS3 driver, forty libraries whose
# loading took 16 ms of every command (docs/performance.md); the archives
# need only szip (libaec-dev) and zlib, both libhdf5-dev's dependencies.
HDF5_LIBS := $(HDF5_DIR)/libhdf5_hl.a $(HDF5_DIR)/libhdf5.a -lsz -lz -ldl
LDLIBS += $(HDF5_LIBS) -lconfig -lgsl -lgslcblas -ldeflate -lplplot -lm
LDFLAGS += -fopenmp

BUILD ?= build
BIN ?= bin

# Sources are found by folder; each folder is a layer (docs/architecture.md)
# and looks only down: models < sim/core < sim/io < sim/analysis < sim/cli.
LAYERS := models sim/core sim/io sim/analysis
LIB_SRC := $(sort $(foreach d,$(LAYERS),$(wildcard $(d)/*.c)))
CLI_SRC := $(sort $(wildcard sim/cli/*.c))
TEST_NAMES := $(sort $(notdir $(basename $(wildcard tests/test_*.c))))
# The loaders' fuzz targets, tests/fuzz/fuzz_TARGET.c (see make fuzz).
FUZZ_TARGETS := scenario sweep

# The HTML report's script, style and Chart.js (Debian's libjs-chart.js),
# built into the binary so that an installed one needs no other file.
CHARTJS ?= /usr/share/javascript/chart.js/chart.min.js
REPORT_ASSETS := $(BUILD)/gen/report_assets.c

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(REPORT_ASSETS:.c=.o)
# The same objects as an archive, for the test programs: the linker takes
# only the objects a test calls into (most need no HDF5 nor plotting),
# where linking every object into each of some thirty tests took a fifth
# of the build.  The program itself links the objects.
LIB_A := $(BUILD)/libsim.a
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_BINS := $(TEST_NAMES:%=$(BUILD)/tests/%)
FUZZ_REPLAY := $(FUZZ_TARGETS:%=$(BUILD)/tests/fuzz/replay_%)

.PHONY: all deps test-deps run test unit-tests cli-tests netcdf-tests report-tests screenshot layers-check sanitize sanitize-mpi valgrind lint format \
        docs docs-check bench clean fuzz fuzz-build fuzz-run fuzz-replay \
        mpi mpi-deps mpi-bin test-mpi mpi-tests \
        install uninstall install-tests reading-tests command-tests \
        outputs-tests readme-tests

all: $(BIN)/alliance-sim

# Installs missing Debian packages (as root), or prints the command and stops.
deps:
	@missing=""; \
	for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" \
	    || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing missing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	      apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	  else \
	    echo "Missing Debian packages:$$missing"; \
	    echo "Install them with:"; \
	    echo "  sudo apt-get update && sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

$(REPORT_ASSETS): sim/io/embed.sh sim/io/report.js sim/io/report.css $(CHARTJS)
	@mkdir -p $(dir $@)
	sh sim/io/embed.sh $@ report_chartjs $(CHARTJS) report_script sim/io/report.js \
	  report_style sim/io/report.css

$(REPORT_ASSETS:.c=.o): $(REPORT_ASSETS)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

# Objects are compiled again when the Makefile changes: the flags live
# here (an object built before -DHAVE_INLINE or HOT_OPT kept the old code).
$(BUILD)/%.o: %.c Makefile
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

# The models' numerics and the random streams, where a run spends its time,
# at -O3: GCC's -O3 keeps IEEE semantics (no reassociation, and -std=c11
# turns off the contraction into fused multiply-adds), so every result is
# the same bits as at -O2; on the territory of 1,000 organisations it took
# 0.92 of the time (docs/performance.md).  An OPT given on the command line
# (make sanitize, make fuzz) still applies to them.
HOT_OPT ?= -O3
$(BUILD)/models/%.o $(BUILD)/sim/core/rng.o: OPT = $(HOT_OPT)

# The test programs' own code (the unit tests, the fuzz targets and their
# replay driver) at -Og, GCC's level for the edit-compile-debug cycle: the
# library they test is compiled as the program ships it, above; their own
# code took half again as long to compile at -O2, for tests no faster.  The
# warnings and -Werror are the other objects'.  An OPT given on the command
# line (make sanitize) still applies to them.
TEST_OPT ?= -Og
$(BUILD)/tests/%.o: OPT = $(TEST_OPT)

# Binaries are linked again when the Makefile changes (how they link may).
$(BIN)/alliance-sim: $(CLI_OBJ) $(LIB_OBJ) Makefile
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $(filter %.o,$^) -o $@ $(LDLIBS)

# The MPI build: mpicc, the same warnings, objects of its own under
# $(BUILD)/mpi (they include the other HDF5's headers), SIM_MPI defined.
MPI_MAKE = $(MAKE) --no-print-directory CC=mpicc MPI=1 HDF5_FLAVOUR=openmpi \
           BUILD=$(BUILD)/mpi BIN=$(BIN)

mpi-deps:
	@$(MAKE) --no-print-directory DEB_PACKAGES="$(MPI_PACKAGES)" deps

mpi: deps mpi-deps
	+@$(MPI_MAKE) $(BIN)/alliance-sim-mpi

# The binary alone, for targets that installed the packages already.
mpi-bin:
	+@$(MPI_MAKE) $(BIN)/alliance-sim-mpi

ifeq ($(MPI),1)
$(BIN)/alliance-sim-mpi: $(CLI_OBJ) $(LIB_OBJ) Makefile
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $(filter %.o,$^) -o $@ $(LDLIBS)
endif

# 1: the MPI tests also run the shipped sobol-default.cfg as it is (slower).
MPI_TEST_FULL ?= 0

# Whether the MPI packages are installed.
MPI_PRESENT = $(shell for p in $(MPI_PACKAGES); do \
  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" \
  || { echo no; exit; }; done; echo yes)

# The MPI run against the serial one: 1, 2 and 4 ranks, bit for bit, and a
# run killed at 4 ranks resumed at 2.  Run by make test-mpi (CI runs it
# after make test), not by make test, which a fresh machine without
# OpenMPI runs the same way.
mpi-tests: $(BIN)/alliance-sim mpi-bin
	@BIN=$(BIN)/alliance-sim MPI_BIN=$(BIN)/alliance-sim-mpi FULL=$(MPI_TEST_FULL) \
	  sh tests/mpi_test.sh

# Also the shipped scenarios/sobol-default.cfg as it is, at 4 ranks.
test-mpi: test-deps mpi-deps
	@$(MAKE) --no-print-directory MPI_TEST_FULL=1 mpi-tests

# Kept: make would delete them as intermediates, then build them again for
# the next target that needs the test binaries.
.SECONDARY: $(TEST_NAMES:%=$(BUILD)/tests/%.o) $(BUILD)/bench/bench.o \
            $(FUZZ_TARGETS:%=$(BUILD)/tests/fuzz/fuzz_%.o) $(BUILD)/tests/fuzz/replay.o

$(LIB_A): $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(LIB_A) Makefile
	$(CC) $(LDFLAGS) $(filter %.o %.a,$^) -o $@ $(LDLIBS) -lcmocka

run: deps
	@$(MAKE) --no-print-directory all
	$(BIN)/alliance-sim run scenarios/default.cfg

unit-tests: $(TEST_BINS)
	@fail=0; for t in $(TEST_BINS); do $(TEST_RUNNER) $$t || fail=1; done; exit $$fail

# Three suites, each in a folder of its own: make -j runs them side by side.
cli-tests: command-tests outputs-tests readme-tests

command-tests: $(BIN)/alliance-sim
	@BIN=$(BIN)/alliance-sim sh tests/cli_test.sh

outputs-tests: $(BIN)/alliance-sim
	@BIN=$(BIN)/alliance-sim sh tests/outputs_test.sh

readme-tests: $(BIN)/alliance-sim
	@BIN=$(BIN)/alliance-sim sh tests/readme_test.sh

# Every kind of output file read whole by netCDF-4 readers (xarray with
# h5netcdf and netcdf4, ncdump).
netcdf-tests: $(BIN)/alliance-sim
	@BIN=$(BIN)/alliance-sim sh tests/netcdf_test.sh

test-deps:
	@$(MAKE) --no-print-directory DEB_PACKAGES="$(DEB_PACKAGES) $(TEST_PACKAGES)" deps

report-tests: $(BIN)/alliance-sim
	@BIN=$(BIN)/alliance-sim sh tests/report_test.sh

# The README's picture of a report, taken by the report tests.
screenshot: test-deps
	@$(MAKE) --no-print-directory all
	@mkdir -p docs/img
	@BIN=$(BIN)/alliance-sim SCREENSHOT=$(CURDIR)/docs/img/report-run.png \
	  sh tests/report_test.sh

# The build and the suites run on every core, in one make: each suite starts
# once what it needs is built (the command suites while the unit tests still
# link), works in a directory of its own, and -Otarget prints its lines
# together once it ends (a clean clone's make test took 3 to 4 minutes one
# suite at a time).
# The longest suites first (make starts them in this order): the short ones
# fill the cores at the end instead of a long one starting last.  Suites
# share the cores: OpenMP's waiting threads sleep (OMP_WAIT_POLICY=passive,
# unless set) instead of spinning on a core another suite needs; the
# results are the same bits either way.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
TEST_SUITES := command-tests report-tests netcdf-tests outputs-tests \
  unit-tests readme-tests reading-tests install-tests fuzz-replay \
  layers-check docs-check

test: test-deps
	@OMP_WAIT_POLICY=$${OMP_WAIT_POLICY:-passive} \
	  $(MAKE) --no-print-directory -j$(JOBS) -Otarget $(TEST_SUITES)
	@echo "The MPI build's checks: make test-mpi (installs OpenMPI)"

# The snippets of docs/reading.md, run on freshly written files.
reading-tests: $(BIN)/alliance-sim
	@BIN=$(BIN)/alliance-sim sh tests/reading_test.sh

# make install into a scratch DESTDIR: the installed binary run from
# elsewhere, the manual page, the completion, make uninstall.
install-tests: $(BIN)/alliance-sim
	@sh tests/install_test.sh

# Installs like a Unix tool: the binary, its manual page, the bash
# completion, the example scenarios and the documentation.  DESTDIR stages
# the tree for a package.  The binary needs none of these files: the report's
# script and style are built in, and every path it reads is the user's.  The
# manual page names the installed examples and docs under DATADIR.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
INSTALL ?= install
EXAMPLES := $(sort $(wildcard scenarios/*.cfg scenarios/*.targets))
DOC_FILES := README.md $(sort $(wildcard docs/*.md))

install: $(BIN)/alliance-sim
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	  $(DESTDIR)$(DATADIR)/bash-completion/completions \
	  $(DESTDIR)$(DATADIR)/alliance-sim/scenarios \
	  $(DESTDIR)$(DATADIR)/doc/alliance-sim/img
	$(INSTALL) -m 755 $(BIN)/alliance-sim $(DESTDIR)$(BINDIR)/alliance-sim
	sed 's|/usr/local/share|$(DATADIR)|g' docs/alliance-sim.1 > $(DESTDIR)$(MANDIR)/man1/alliance-sim.1
	chmod 644 $(DESTDIR)$(MANDIR)/man1/alliance-sim.1
	$(INSTALL) -m 644 completion/alliance-sim \
	  $(DESTDIR)$(DATADIR)/bash-completion/completions/alliance-sim
	$(INSTALL) -m 644 $(EXAMPLES) $(DESTDIR)$(DATADIR)/alliance-sim/scenarios
	$(INSTALL) -m 644 $(DOC_FILES) $(DESTDIR)$(DATADIR)/doc/alliance-sim
	$(INSTALL) -m 644 $(wildcard docs/img/*.png) $(DESTDIR)$(DATADIR)/doc/alliance-sim/img

# Removes what install put there, and the folders that were only ours.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/alliance-sim $(DESTDIR)$(MANDIR)/man1/alliance-sim.1 \
	  $(DESTDIR)$(DATADIR)/bash-completion/completions/alliance-sim
	rm -rf $(DESTDIR)$(DATADIR)/alliance-sim $(DESTDIR)$(DATADIR)/doc/alliance-sim

# Address and undefined-behaviour sanitizers over the whole suite, with
# OpenMP on and warnings as errors like every other build (the
# instrumentation changes what gcc's flow-based warnings, -Wrestrict among
# them, see: this build can warn where the plain one does not).
sanitize: test-deps
	@$(MAKE) --no-print-directory BUILD=build/sanitize BIN=build/sanitize/bin \
	  OPT=-O1 SAN_CFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer" \
	  LDFLAGS="-fopenmp -fsanitize=address,undefined" \
	  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  unit-tests fuzz-replay cli-tests netcdf-tests report-tests

# The MPI build under the same sanitizers, against the serial one: every
# rank's memory errors and undefined behaviour stop the suite.  Leak
# detection is off: OpenMPI's plugins, unloaded at exit, leave blocks that
# no suppression can name; the serial build's leak check (make sanitize,
# make valgrind) covers the code both builds share.
sanitize-mpi: test-deps mpi-deps
	@$(MAKE) --no-print-directory BUILD=build/sanitize BIN=build/sanitize/bin \
	  OPT=-O1 SAN_CFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer" \
	  LDFLAGS="-fopenmp -fsanitize=address,undefined" \
	  ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  mpi-tests

valgrind: deps
	@$(MAKE) --no-print-directory all $(TEST_BINS)
	@$(MAKE) --no-print-directory OMP_NUM_THREADS=1 \
	  TEST_RUNNER="valgrind -q --error-exitcode=99 --leak-check=full --show-possibly-lost=no --errors-for-leak-kinds=definite --suppressions=tests/valgrind.supp" \
	  unit-tests

# ---- fuzzing (tests/fuzz/README.md) ----
# One target per loader; each is a libFuzzer entry point, linked either with
# libFuzzer (make fuzz, clang) or with replay.c (make test, any compiler),
# which runs it over the seed corpus and every input that ever crashed it.
FUZZ_SECONDS ?= 60
FUZZ_BUILD := build/fuzz
# libFuzzer ships with clang's runtime libraries; clang's OpenMP is libomp.
FUZZ_DEB_PACKAGES := clang libclang-rt-14-dev libomp-14-dev
FUZZ_SANITIZERS := -fsanitize=address,undefined -fno-sanitize-recover=undefined

$(BUILD)/tests/fuzz/replay_%: $(BUILD)/tests/fuzz/fuzz_%.o $(BUILD)/tests/fuzz/replay.o $(LIB_A) Makefile
	$(CC) $(LDFLAGS) $(filter %.o %.a,$^) -o $@ $(LDLIBS)

# Seeds: the shipped scenarios and sweep files, each target reading both.
fuzz-replay: $(FUZZ_REPLAY)
	@for t in $(FUZZ_TARGETS); do \
	  $(TEST_RUNNER) $(BUILD)/tests/fuzz/replay_$$t scenarios/*.cfg \
	    $$(find tests/fuzz/regressions/$$t -type f ! -name '.*' 2>/dev/null | sort) \
	    > /dev/null || { echo "fuzz-replay: $$t failed"; exit 1; }; \
	done; echo "fuzz-replay: seeds and regressions of $(FUZZ_TARGETS) pass"

$(BUILD)/tests/fuzz/fuzz_%: $(BUILD)/tests/fuzz/fuzz_%.o $(LIB_OBJ) Makefile
	$(CC) $(LDFLAGS) -fsanitize=fuzzer $(filter %.o,$^) -o $@ $(LDLIBS)

fuzz-build: $(FUZZ_TARGETS:%=$(BUILD)/tests/fuzz/fuzz_%)

# Runs each target FUZZ_SECONDS on its corpus (build/fuzz/corpus/TARGET,
# seeded from scenarios/ and the regressions); a crash is copied into
# tests/fuzz/regressions/TARGET, to be fixed and committed.
fuzz-run: fuzz-build $(BIN)/alliance-sim
	@sh tests/fuzz/make_dict.sh $(BIN)/alliance-sim > $(BUILD)/loaders.dict
	@status=0; for t in $(FUZZ_TARGETS); do \
	  corpus=$(BUILD)/corpus/$$t; crashes=$(BUILD)/crashes/$$t; \
	  mkdir -p $$corpus $$crashes; \
	  cp scenarios/*.cfg scenarios/*.targets $$corpus/; \
	  find tests/fuzz/regressions/$$t -type f ! -name '.*' -exec cp {} $$corpus/ \; ; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 OMP_NUM_THREADS=1 \
	  $(BUILD)/tests/fuzz/fuzz_$$t $$corpus -max_total_time=$(FUZZ_SECONDS) \
	    -dict=$(BUILD)/loaders.dict -max_len=16384 -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$$crashes/ 2>$(BUILD)/fuzz-$$t.log \
	    || { status=1; tail -40 $(BUILD)/fuzz-$$t.log; }; \
	  grep -h "^stat::number_of_executed_units\|^Done" $(BUILD)/fuzz-$$t.log; \
	  for c in $$(find $$crashes -type f); do \
	    n=$$(basename $$c); mkdir -p tests/fuzz/regressions/$$t; \
	    mv $$c tests/fuzz/regressions/$$t/$$n; \
	    echo "fuzz: new crash tests/fuzz/regressions/$$t/$$n"; \
	  done; \
	done; exit $$status

fuzz: deps
	@$(MAKE) --no-print-directory DEB_PACKAGES="$(FUZZ_DEB_PACKAGES)" deps
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) BIN=$(FUZZ_BUILD)/bin CC=clang \
	  OPT=-O1 CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $(FUZZ_SANITIZERS)" \
	  LDFLAGS="-fopenmp $(FUZZ_SANITIZERS)" FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz-run

# Layers look only down (docs/architecture.md); part of make test and lint.
layers-check:
	@sh tests/layers_test.sh

lint:
	@sh tests/check_layers.sh .
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	  --std=c11 --inline-suppr -I . sim models tests

format:
	clang-format -i sim/*/*.[ch] models/*.[ch] tests/*.c

# Benchmarks (never part of `make test`): an optimised build of its own,
# and OpenTURNS for the comparison of the sensitivity engine.
bench: deps
	@$(MAKE) --no-print-directory DEB_PACKAGES="python3-openturns" deps || \
	  echo "bench: continuing without OpenTURNS"
	@$(MAKE) --no-print-directory mpi-deps || echo "bench: continuing without MPI"
	@$(MAKE) --no-print-directory BUILD=build/bench BIN=build/bench/bin \
	  OPT="-O3 -march=native" build/bench/bin/alliance-sim build/bench/bin/bench
	@if [ "$(MPI_PRESENT)" = yes ]; then $(MAKE) --no-print-directory BUILD=build/bench \
	  BIN=build/bench/bin OPT="-O3 -march=native" mpi-bin; fi
	@mkdir -p out/bench
	build/bench/bin/bench build/bench/bin/alliance-sim out/bench build/bench/bin/alliance-sim-mpi

$(BIN)/bench: $(BUILD)/bench/bench.o $(LIB_OBJ) Makefile
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $(filter %.o,$^) -o $@ $(LDLIBS)

# docs/parameters.md is generated from the parameter tables; README.md's
# exit codes are checked against the table of sim/core/status.h, and
# docs/sweeps.md's table of sweep settings against the sweep files' table.
docs: $(BIN)/alliance-sim
	$(BIN)/alliance-sim params --markdown > docs/parameters.md

docs-check: $(BIN)/alliance-sim
	@$(BIN)/alliance-sim params --markdown | cmp -s - docs/parameters.md \
	  || { echo "docs/parameters.md is stale: run 'make docs'"; exit 1; }
	@sh tests/exit_codes_check.sh $(BIN)/alliance-sim README.md
	@for p in $$($(BIN)/alliance-sim params --sweep-paths); do \
	  grep -qF "| \`$$p\` |" docs/sweeps.md || \
	  { echo "docs/sweeps.md: the sweep setting '$$p' has no row in its table"; exit 1; }; done

clean:
	rm -rf $(BUILD) $(BIN)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
