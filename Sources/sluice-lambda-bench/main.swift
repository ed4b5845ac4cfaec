// sluice-lambda-bench: warm invoke round trips and write→chunk latency of SluiceLambda's host.
// Run by hand (release build): swift run -c release sluice-lambda-bench [iterations]
// It compiles a tiny C bootstrap with gcc, writes Python bootstraps, and (when awslambdaric is
// importable) runs a Python handler through it.
import Foundation
import Logging
import SluiceLambda

let iterations = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 2000
let workDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-lambda-bench-\(getpid())")
try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: workDirectory) }

var logger = Logger(label: "sluice.lambda.bench")
logger.logLevel = .warning
let host = LambdaHost(region: "us-east-1", logger: logger)
try await host.start()

func codeDirectory(_ name: String) throws -> URL {
    let directory = workDirectory.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}

func writeExecutable(_ text: String, to url: URL) throws {
    try Data(text.utf8).write(to: url)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
}

func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}

func function(_ name: String, runtime: String, handler: String, directory: URL) -> LambdaFunction {
    LambdaFunction(
        name: name, arn: "arn:aws:lambda:us-east-1:123456789012:function:\(name)", runtime: runtime, handler: handler,
        codeDirectory: directory.path, timeoutSeconds: 30, concurrencyLimit: 1)
}

/// Runs one invocation to its end; returns its chunks with their arrival times (wall clock, ns).
func invokeOnce(_ function: LambdaFunction, _ payload: [UInt8]) async throws -> (ok: Bool, chunks: [([UInt8], UInt64)]) {
    let stream = try await host.invoke(function, InvocationRequest(payload: payload, invokedFunctionArn: function.arn))
    var chunks: [([UInt8], UInt64)] = []
    var ok = false
    for await event in stream {
        switch event {
        case .chunk(let bytes): chunks.append((bytes, wallNanoseconds()))
        case .completed(let result): if case .success = result.outcome { ok = true }
        case .responseStarted: break
        }
    }
    return (ok, chunks)
}

func wallNanoseconds() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let index = min(sorted.count - 1, max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1))
    return sorted[index]
}

func report(_ label: String, _ samplesMicroseconds: [Double]) {
    let sorted = samplesMicroseconds.sorted()
    let line = String(
        format: "%-34@ n=%5d  p50 %8.1f µs  p99 %8.1f µs  max %8.1f µs", label as NSString, sorted.count,
        percentile(sorted, 0.5), percentile(sorted, 0.99), sorted.last ?? .nan)
    print(line)
}

/// Warm round trips: one cold invocation, `warmup` discarded, then `count` measured.
func roundTrips(_ label: String, _ function: LambdaFunction, count: Int, warmup: Int = 50) async throws {
    let payload = Array(#"{"hello":"world","n":12345}"#.utf8)
    let cold = ContinuousClock.now
    let first = try await invokeOnce(function, payload)
    guard first.ok else {
        print("\(label): the first invocation failed")
        return
    }
    print("\(label): cold start \(ContinuousClock.now - cold)")
    for _ in 0..<warmup { _ = try await invokeOnce(function, payload) }
    var samples: [Double] = []
    samples.reserveCapacity(count)
    for _ in 0..<count {
        let start = ContinuousClock.now
        let result = try await invokeOnce(function, payload)
        let elapsed = ContinuousClock.now - start
        guard result.ok else { continue }
        let (seconds, attoseconds) = elapsed.components
        samples.append(Double(seconds) * 1e6 + Double(attoseconds) / 1e12)
    }
    report("\(label) warm invoke", samples)
}

// MARK: provided, C bootstrap (keep-alive, raw socket)

// The C bootstrap lives beside the Python benchmarks: bench/lambda_functions/provided_c/bootstrap.c.
let cSourcePath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("bench/lambda_functions/provided_c/bootstrap.c")
let cSource = (try? String(contentsOf: cSourcePath, encoding: .utf8)) ?? ""

let cDirectory = try codeDirectory("c")
let cFile = cDirectory.appendingPathComponent("bootstrap.c")
try Data(cSource.utf8).write(to: cFile)
if (try? run("/usr/bin/env", ["gcc", "-O2", "-o", cDirectory.appendingPathComponent("bootstrap").path, cFile.path])) == 0 {
    try await roundTrips("provided (C bootstrap)", function("bench-c", runtime: "provided.al2023", handler: "x", directory: cDirectory), count: iterations)
} else {
    print("provided (C bootstrap): gcc failed, skipped")
}

// MARK: provided, Python bootstrap (http.client keep-alive)

let pythonDirectory = try codeDirectory("py")
try writeExecutable(
    #"""
    #!/usr/bin/env python3
    import http.client, os, socket
    host, port = os.environ["AWS_LAMBDA_RUNTIME_API"].split(":")
    c = http.client.HTTPConnection(host, int(port))
    c.connect()
    c.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    while True:
        c.request("GET", "/2018-06-01/runtime/invocation/next")
        r = c.getresponse()
        body = r.read()
        rid = r.getheader("Lambda-Runtime-Aws-Request-Id")
        c.request("POST", "/2018-06-01/runtime/invocation/%s/response" % rid, body=body,
                  headers={"Content-Type": "application/json"})
        c.getresponse().read()
    """#, to: pythonDirectory.appendingPathComponent("bootstrap"))
try await roundTrips(
    "provided (Python bootstrap)", function("bench-py", runtime: "provided.al2023", handler: "x", directory: pythonDirectory),
    count: max(1, iterations / 2))

// MARK: python3.12 through awslambdaric

if (try? run("/usr/bin/env", ["python3", "-c", "import awslambdaric"])) == 0 {
    let ricDirectory = try codeDirectory("ric")
    try Data("def handler(event, context):\n    return event\n".utf8).write(to: ricDirectory.appendingPathComponent("app.py"))
    try await roundTrips(
        "python3.12 (awslambdaric)", function("bench-ric", runtime: "python3.12", handler: "app.handler", directory: ricDirectory),
        count: max(1, iterations / 2))
} else {
    print("python3.12 (awslambdaric): not importable, skipped (pip install --user awslambdaric)")
}

// MARK: write → .chunk latency (streaming response)

let streamDirectory = try codeDirectory("stream")
try writeExecutable(
    #"""
    #!/usr/bin/env python3
    import http.client, os, socket, time
    host, port = os.environ["AWS_LAMBDA_RUNTIME_API"].split(":")
    c = http.client.HTTPConnection(host, int(port))
    while True:
        c.request("GET", "/2018-06-01/runtime/invocation/next")
        r = c.getresponse()
        count = int(r.read() or b"100")
        rid = r.getheader("Lambda-Runtime-Aws-Request-Id")
        s = http.client.HTTPConnection(host, int(port))
        s.connect()
        s.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        s.putrequest("POST", "/2018-06-01/runtime/invocation/%s/response" % rid)
        s.putheader("Lambda-Runtime-Function-Response-Mode", "streaming")
        s.putheader("Transfer-Encoding", "chunked")
        s.endheaders()
        for _ in range(count):
            data = b"%d\n" % time.time_ns()
            s.send(b"%x\r\n%s\r\n" % (len(data), data))
            time.sleep(0.002)
        s.send(b"0\r\n\r\n")
        s.getresponse().read()
        s.close()
    """#, to: streamDirectory.appendingPathComponent("bootstrap"))
let streamFunction = function("bench-stream", runtime: "provided.al2023", handler: "x", directory: streamDirectory)
_ = try await invokeOnce(streamFunction, Array("10".utf8))
var latencies: [Double] = []
for _ in 0..<max(1, iterations / 200) {
    let result = try await invokeOnce(streamFunction, Array("100".utf8))
    for (bytes, arrived) in result.chunks {
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            if let written = UInt64(line), arrived >= written { latencies.append(Double(arrived - written) / 1000) }
        }
    }
}
report("streaming write → .chunk", latencies)

await host.shutdown()
