# make       builds ./nsip: static (CGO off), stripped, at most 2 MiB on amd64.
# make test  runs go vet, gofmt, the Go tests and the bats suites, after
#            installing what the suites need on a Debian machine.
# make size  prints the size of the binary.

GO ?= go
export CGO_ENABLED := 0
BUILD_FLAGS := -trimpath -ldflags='-s -w'
SOURCES := $(shell find . -name '*.go' -not -name '*_test.go') go.mod go.sum
# What the test suites run: bats and its helpers, jq for JSON, busybox for
# ping, and the reference tools nsip is compared with.
TEST_PACKAGES := bats bats-assert bats-support jq iproute2 util-linux busybox-static
HOST_STATE = tests/host-state

.PHONY: all size test test-deps vet unit bats fuzz clean

all: nsip

nsip: $(SOURCES)
	$(GO) build $(BUILD_FLAGS) -o $@ .

size: nsip
	@echo "nsip $$($(GO) env GOOS)/$$($(GO) env GOARCH), static, stripped: $$(stat -c %s nsip) bytes (budget 2097152)"

test-deps:
	@missing=""; \
	for p in $(TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	fi

vet:
	$(GO) vet ./...
	@unformatted=$$(gofmt -l .); if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi

unit: nsip
	$(GO) test ./...

# The suites run in namespaces of their own; the host's state is read
# before and after to prove it.
bats: nsip test-deps
	@$(HOST_STATE) >.host-state.before
	bats tests
	@$(HOST_STATE) >.host-state.after
	@diff -u .host-state.before .host-state.after || { echo "the tests changed the host"; exit 1; }
	@rm -f .host-state.before .host-state.after

test: test-deps vet unit bats

# go test -fuzz takes one target at a time; FUZZTIME per target.
FUZZTIME ?= 30s
fuzz:
	@for pkg in ./nl ./proc ./; do \
		for target in $$($(GO) test -list 'Fuzz.*' $$pkg | grep ^Fuzz); do \
			echo "== $$pkg $$target"; \
			$(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
		done; \
	done

clean:
	rm -f nsip
