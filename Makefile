# The two commands the README promises:
#   make run    — start Sluice: the Step Functions API on 127.0.0.1:8083, data in ./.sluice
#   make test   — build everything from scratch if needed and run every test
.PHONY: test test-core test-cli test-e2e e2e-deps run example bench

test: test-core test-cli test-e2e

# The dependency-free core: JSON, States Language, interpreter, JSONata, the AWS conformance corpus.
test-core:
	swift test --package-path Core

# The command line, the protocol layer, the store and the server (in process).
test-cli:
	swift test

# The server end to end through boto3: `sluice serve` on free ports with temporary data folders.
test-e2e: e2e-deps
	swift build --product sluice
	SLUICE_BIN="$$(swift build --show-bin-path)/sluice" python3 -m pytest -q tests/e2e

# pytest and boto3 for the tests, awslambdaric (AWS's Python runtime client) for python3.x
# functions: installed for the user only when missing.
e2e-deps:
	@python3 -c "import pytest, boto3, awslambdaric" 2>/dev/null || python3 -m pip install --user --quiet pytest boto3 awslambdaric

run:
	swift run sluice serve

example:
	swift run sluice run examples/hello.asl.json --input '{"name": "Sluice"}'

bench:
	swift run -c release --package-path Core sluice-bench all
