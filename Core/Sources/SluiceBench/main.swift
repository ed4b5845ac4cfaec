// Benchmarks, run by hand: swift run -c release --package-path Core sluice-bench
print("sluice-bench: no benchmarks yet")
