# The two commands the README promises:
#   make run    — start Sluice (for now: run the example state machine locally)
#   make test   — build everything from scratch if needed and run every test
.PHONY: test test-core test-cli run bench

test: test-core test-cli

# The dependency-free core: JSON, States Language, interpreter, JSONata, the AWS conformance corpus.
test-core:
	swift test --package-path Core

# The command line and (later) the server.
test-cli:
	swift test

run:
	swift run sluice run examples/hello.asl.json --input '{"name": "Sluice"}'

bench:
	swift run -c release --package-path Core sluice-bench all
