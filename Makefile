# make       builds ./nsip: static (CGO off), stripped; on amd64 it must
#            stay within 2 MiB.
# make test  runs go vet, gofmt, the Go tests, the bats suites and the link
#            kinds suite (below), after installing what they need on a
#            Debian machine.
# make size  prints the size of the binary for every architecture.
# make cross builds static, stripped binaries for every architecture in dist/.
# make test-cross runs the Go tests built for arm64 and s390x under qemu-user.
# make install copies nsip, its tool links, man page and bash completion
#            under $(DESTDIR)$(PREFIX) (BINDIR, MANDIR and BASHCOMPDIR too).
# make bench times nsip against iproute2 and util-linux in a sandbox and
#            prints the ratios (BENCH_SHORT=1: a few seconds; BENCH_PROFILE=1
#            adds CPU and allocation profiles), and nsip sandbox's start
#            against the unshare-and-mount preamble. It never fails on a
#            slow result.
# make initramfs-test boots Debian's cloud kernel with an initramfs of nsip
#            and busybox under qemu, and runs the walkthrough there.
# make kinds-test boots that kernel again with iproute2's ip and the modules
#            of every link kind, comparing nsip's link add/set/show/del of
#            each kind with ip's, and nsip's own -d link show in text and
#            JSON (NSIP_DETAILS=0 leaves those two out). make test runs it.

GO ?= go
export CGO_ENABLED := 0
# The runtime's settings: main.go's //go:debug lines, and two that the go
# command takes from GODEBUG but not from a //go:debug line, set through
# the variable it fills with the others. Without memprofilerate=0 the
# runtime samples the program's first allocation for a memory profile
# nothing reads; profstackdepth=0 spares each thread its profiling
# buffers. Both cost a cheap command page faults at start (5 of ~190).
GODEBUG_DEFAULT := $(shell $(GO) list -f '{{.DefaultGODEBUG}}' .),memprofilerate=0,profstackdepth=0
BUILD_FLAGS := -trimpath -ldflags='-s -w -X=runtime.godebugDefault=$(GODEBUG_DEFAULT)'
SOURCES := $(shell find . -name '*.go' -not -name '*_test.go') go.mod go.sum
# What the test suites run: bats and its helpers, jq for JSON, busybox for
# ping, and the reference tools nsip is compared with.
# groff renders the man page; uidmap has newuidmap and newgidmap.
TEST_PACKAGES := bats bats-assert bats-support jq iproute2 util-linux busybox-static groff-base uidmap
# What test-cross and initramfs-test run: qemu, and cpio to pack the image.
CROSS_PACKAGES := qemu-user-static
INITRAMFS_PACKAGES := qemu-system-x86 cpio busybox-static kmod iproute2
HOST_STATE = tests/host-state
# The architectures of initramfs and embedded images; arm is ARMv7.
ARCHES := amd64 386 arm64 arm riscv64 ppc64le s390x mips64le
# The amd64 binary's hard budget: 2 MiB.
BUDGET := 2097152

# apt_install installs the Debian packages of $(1) that are missing.
define apt_install
	@missing=""; \
	for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	fi
endef

# Where make install puts things, as packagers expect.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
TOOLS := ip lsns unshare nsenter

.PHONY: all size cross install uninstall test test-deps vet unit bats example bench fuzz test-cross initramfs-test kinds-test clean

all: nsip

nsip: $(SOURCES)
	$(GO) build $(BUILD_FLAGS) -o $@ .

dist/nsip-linux-%: $(SOURCES)
	@mkdir -p dist
	GOARCH=$* GOARM=7 $(GO) build $(BUILD_FLAGS) -o $@ .

cross: $(foreach a,$(ARCHES),dist/nsip-linux-$(a))

# The amd64 binary must stay within the budget.
size: cross
	@printf '%-10s %10s\n' arch bytes
	@for a in $(ARCHES); do printf '%-10s %10s\n' $$a $$(stat -c %s dist/nsip-linux-$$a); done
	@size=$$(stat -c %s dist/nsip-linux-amd64); \
	if [ $$size -gt $(BUDGET) ]; then echo "amd64: $$size bytes, over the budget of $(BUDGET)"; exit 1; fi; \
	echo "amd64 within the budget of $(BUDGET) bytes"

# The links are relative, so that a tree made under DESTDIR works where
# it is unpacked.
install: nsip
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(BASHCOMPDIR)
	install -m 755 nsip $(DESTDIR)$(BINDIR)/nsip
	install -m 644 doc/nsip.8 $(DESTDIR)$(MANDIR)/man8/nsip.8
	install -m 644 doc/nsip.bash-completion $(DESTDIR)$(BASHCOMPDIR)/nsip
	for t in $(TOOLS); do \
		ln -sfn nsip $(DESTDIR)$(BINDIR)/$$t && ln -sfn nsip $(DESTDIR)$(BASHCOMPDIR)/$$t || exit 1; \
	done

uninstall:
	for t in nsip $(TOOLS); do rm -f $(DESTDIR)$(BINDIR)/$$t $(DESTDIR)$(BASHCOMPDIR)/$$t; done
	rm -f $(DESTDIR)$(MANDIR)/man8/nsip.8

test-deps:
	$(call apt_install,$(TEST_PACKAGES))

# The unit tests of every package, built for a big-endian (s390x) and a
# little-endian (arm64) architecture and run under qemu-user. Tests that
# need the kernel to speak their architecture's netlink or to clone into
# namespaces skip themselves there.
test-cross:
	$(call apt_install,$(CROSS_PACKAGES))
	@for a in arm64 s390x; do \
		case $$a in arm64) qemu=qemu-aarch64-static ;; s390x) qemu=qemu-s390x-static ;; esac; \
		echo "== $$a under $$qemu"; \
		GOARCH=$$a NSIP_TEST_EMULATOR=$$qemu $(GO) test -count=1 -exec $$qemu ./... || exit 1; \
	done

initramfs-test: nsip
	$(call apt_install,$(INITRAMFS_PACKAGES))
	tests/initramfs/boot nsip

kinds-test: nsip
	$(call apt_install,$(INITRAMFS_PACKAGES))
	tests/initramfs/kinds nsip

# internal/unix's constants are compared with x/sys/unix's as its tests
# compile, so they are vetted for every architecture.
vet:
	$(GO) vet ./...
	@for a in $(ARCHES); do GOARCH=$$a $(GO) vet ./internal/unix || exit 1; done
	@unformatted=$$(gofmt -l .); if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi

unit: nsip
	$(GO) test ./...
	@# On 386 setuid and setgid take 16-bit ids: the 32-bit traps are
	@# tested where this kernel runs 386 programs natively.
	@mkdir -p .cache && GOARCH=386 $(GO) test -c -o .cache/unix-386.test ./internal/unix
	@if .cache/unix-386.test -test.run '^$$' >/dev/null 2>&1; then \
		echo "== internal/unix on 386"; .cache/unix-386.test -test.run Setid; \
	else echo "unit: this kernel runs no 386 programs: 386's ids go untested"; fi

# The suites run in namespaces of their own; the host's state is read
# before and after to prove it.
bats: nsip test-deps
	@$(HOST_STATE) >.host-state.before
	bats tests
	tests/example/run ./nsip
	@$(HOST_STATE) >.host-state.after
	@diff -u .host-state.before .host-state.after || { echo "the tests changed the host"; exit 1; }
	@rm -f .host-state.before .host-state.after

test: test-deps vet unit bats kinds-test

# The example suite, as CI runs it: as a user who is not root, in one
# nsip sandbox.
example: nsip test-deps
	tests/example/run ./nsip

# go test -fuzz takes one target at a time: every target of every package
# runs by name for FUZZTIME. A crasher lands in the package's
# testdata/fuzz, the committed corpus that every `go test` runs again.
FUZZTIME ?= 60s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
		for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "== $$pkg $$target"; \
			$(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
		done; \
	done

# Time is no test: bench prints, it fails only when it cannot run.
bench: nsip
	BENCH_SHORT=$(BENCH_SHORT) BENCH_PROFILE=$(BENCH_PROFILE) tests/bench/run
	@tests/bench/sandbox ./nsip

clean:
	rm -rf nsip dist .cache
