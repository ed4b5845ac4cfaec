import Foundation

/// Starts runtime processes one at a time and reaps them.
///
/// Foundation's `Process.run()` closes, in the child, the descriptors open when it starts, but a
/// descriptor created by another thread during the spawn leaks into the child (Foundation's exit
/// notification socket among them, which then delays another process's termination handler).
/// Spawning under one lock, with the output pipe created inside it, keeps our spawns from leaking
/// into each other.
enum ProcessSpawner {
    enum Failure: Error {
        case pipe
        case spawn(String)
    }

    private static let lock = NSLock()

    /// Opens `output`'s pipe, points the process's stdout and stderr at it and runs the process.
    static func spawn(_ process: Process, output: ProcessOutput) -> Result<Int32, Failure> {
        lock.lock()
        defer { lock.unlock() }
        guard let writeFD = output.open() else { return .failure(.pipe) }
        let sink = FileHandle(fileDescriptor: writeFD, closeOnDealloc: false)
        process.standardOutput = sink
        process.standardError = sink
        do {
            try process.run()
        } catch {
            output.closeWriteEnd()
            return .failure(.spawn(describe(error)))
        }
        output.closeWriteEnd()
        return .success(process.processIdentifier)
    }

    /// A spawn error worded as Go's `fork/exec` errors that Lambda reports (`no such file or
    /// directory`, `permission denied`, `exec format error`).
    static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        var code: Int32?
        if nsError.domain == NSPOSIXErrorDomain {
            code = Int32(truncatingIfNeeded: nsError.code)
        } else if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
            underlying.domain == NSPOSIXErrorDomain
        {
            code = Int32(truncatingIfNeeded: underlying.code)
        } else if nsError.domain == NSCocoaErrorDomain {
            switch nsError.code {
            case CocoaError.fileNoSuchFile.rawValue, CocoaError.fileReadNoSuchFile.rawValue: code = ENOENT
            case CocoaError.fileReadNoPermission.rawValue, CocoaError.fileWriteNoPermission.rawValue: code = EACCES
            default: break
            }
        }
        guard let code, let text = strerror(code) else { return error.localizedDescription }
        let message = String(cString: text)
        return message.prefix(1).lowercased() + message.dropFirst()
    }

    /// Waits for `pid` on a thread of its own and reports how it ended (unless Foundation reaped it
    /// first, in which case its termination handler reports it).
    static func reapInBackground(_ pid: Int32, _ ended: @escaping @Sendable (ProcessEnd) -> Void) {
        let thread = Thread {
            var status: Int32 = 0
            var result: Int32
            repeat {
                result = waitpid(pid, &status, 0)
            } while result == -1 && errno == EINTR
            guard result == pid else { return }
            let signal = status & 0x7F
            ended(signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal))
        }
        thread.stackSize = 64 * 1024
        thread.start()
    }
}
