import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Captures a process's stdout and stderr (one pipe for both, so their order is kept) into a bounded
/// buffer. Reads happen as data arrives and also synchronously in `take()`, so everything the process
/// wrote before it posted its response is in the invocation's log. End of file (every writer gone)
/// is reported, which tells that the process has ended.
final class ProcessOutput: Sendable {
    /// Bytes kept at most between two `take()`s; older bytes are dropped first.
    static let capacity = 256 * 1024

    private struct State {
        var buffer: [UInt8] = []
        var readFD: Int32 = -1
        var writeFD: Int32 = -1
        var closed = false
    }

    /// The dispatch source (thread-safe, though not marked Sendable).
    private struct ReadSource: @unchecked Sendable {
        let source: any DispatchSourceRead
    }

    private let state = Mutex(State())
    private let source: Mutex<ReadSource?> = Mutex(nil)

    /// Opens the pipe (close-on-exec on both ends, non-blocking read end); returns the write end for
    /// the child, or nil on failure. Call under `ProcessSpawner`'s lock so no other spawn inherits it.
    func open() -> Int32? {
        guard state.withLock({ !$0.closed && $0.readFD < 0 }) else { return nil }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return nil }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
        let opened = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.readFD = fds[0]
            state.writeFD = fds[1]
            return true
        }
        guard opened else {
            close(fds[0])
            close(fds[1])
            return nil
        }
        return fds[1]
    }

    /// Starts reading as data arrives (call after the child has the write end); `endOfFile` runs once
    /// when every writer has closed the pipe.
    func startReading(queue: DispatchQueue, endOfFile: @escaping @Sendable () -> Void) {
        let fd = state.withLock { $0.closed ? -1 : $0.readFD }
        guard fd >= 0 else { return }
        let readSource = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        readSource.setEventHandler { [weak self] in
            guard let self else { return }
            if self.drain() {
                self.stopReading()
                endOfFile()
            }
        }
        readSource.setCancelHandler { [weak self] in self?.closeReadEnd() }
        let box = ReadSource(source: readSource)
        source.withLock { $0 = box }
        readSource.resume()
    }

    /// Closes the parent's copy of the write end.
    func closeWriteEnd() {
        state.withLock { state in
            if state.writeFD >= 0 { close(state.writeFD) }
            state.writeFD = -1
        }
    }

    /// Everything captured since the last `take()`, after reading what is already in the pipe.
    func take() -> [UInt8] {
        _ = drain()
        return state.withLock { state in
            let bytes = state.buffer
            state.buffer = []
            return bytes
        }
    }

    /// Reads what is available; returns true at end of file.
    @discardableResult
    private func drain() -> Bool {
        state.withLock { state in
            guard !state.closed, state.readFD >= 0 else { return true }
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(state.readFD, $0.baseAddress, $0.count) }
                if count > 0 {
                    state.buffer.append(contentsOf: chunk[0..<count])
                    if state.buffer.count > Self.capacity {
                        state.buffer.removeFirst(state.buffer.count - Self.capacity)
                    }
                } else if count == 0 {
                    return true
                } else {
                    let error = errno
                    if error == EINTR { continue }
                    return error != EAGAIN && error != EWOULDBLOCK
                }
            }
        }
    }

    /// Stops reading and closes the read end (at end of file or when the environment is gone).
    func stopReading() {
        let readSource = source.withLock { source -> ReadSource? in
            let current = source
            source = nil
            return current
        }
        if let readSource { readSource.source.cancel() } else { closeReadEnd() }
    }

    private func closeReadEnd() {
        state.withLock { state in
            guard !state.closed else { return }
            state.closed = true
            if state.readFD >= 0 { close(state.readFD) }
            if state.writeFD >= 0 { close(state.writeFD) }
            state.readFD = -1
            state.writeFD = -1
        }
    }
}
