import SluiceDigest
import Foundation
import ZIPFoundation

/// A deployment package made ready to run: unpacked (ZipFile) or referenced in place
/// (LocalDirectory), with the CodeSha256 and CodeSize AWS would report.
struct FunctionCode: Sendable, Hashable {
    var directory: String
    var sha256: String
    var size: Int64
    var isLocal: Bool

    /// The most a ZipFile may unpack to (AWS: 250 MB unzipped).
    static let unzippedLimit: Int64 = 262_144_000

    /// Unpacks a zip archive under `root/NAME/SHA/` (once per content), keeping file modes.
    static func unpack(zip: [UInt8], functionName: String, root: String) throws(LambdaError) -> FunctionCode {
        let sha = Digest.sha256(zip)
        let digest = Data(sha).base64EncodedString()
        let folderName = Digest.hex(sha)
        let directory = URL(fileURLWithPath: root).appendingPathComponent(functionName).appendingPathComponent(folderName)
        let code = FunctionCode(directory: directory.path, sha256: digest, size: Int64(zip.count), isLocal: false)
        if FileManager.default.fileExists(atPath: directory.appendingPathComponent(".complete").path) { return code }
        let staging = directory.deletingLastPathComponent().appendingPathComponent(".staging-\(UUID().uuidString)")
        do {
            let archive = try Archive(data: Data(zip), accessMode: .read)
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
            var total: Int64 = 0
            for entry in archive {
                total += Int64(entry.uncompressedSize)
                guard total <= unzippedLimit else {
                    throw LambdaError.invalidParameter(
                        "Unzipped size must be smaller than \(unzippedLimit) bytes")
                }
                guard let target = contained(entry.path, in: staging) else {
                    throw LambdaError.invalidParameter("Could not unzip uploaded file. Please check your file, then try to upload again.")
                }
                _ = try archive.extract(entry, to: target, skipCRC32: false)
                if entry.type == .file { try ensureReadable(target) }
            }
            try FileManager.default.createDirectory(
                at: directory.deletingLastPathComponent(), withIntermediateDirectories: true)
            if FileManager.default.fileExists(atPath: directory.path) {
                try FileManager.default.removeItem(at: directory)
            }
            try FileManager.default.moveItem(at: staging, to: directory)
            _ = FileManager.default.createFile(atPath: directory.appendingPathComponent(".complete").path, contents: nil)
            return code
        } catch let error as LambdaError {
            try? FileManager.default.removeItem(at: staging)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw LambdaError.invalidParameter("Could not unzip uploaded file. Please check your file, then try to upload again.")
        }
    }

    /// A folder of the user's, run in place. Its CodeSha256 covers the relative paths and contents
    /// of its files (so it changes when they do at the time of the call); CodeSize is their total size.
    static func local(directory: String) throws(LambdaError) -> FunctionCode {
        var isDirectory: ObjCBool = false
        guard directory.hasPrefix("/"), FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory),
            isDirectory.boolValue
        else {
            throw LambdaError.invalidParameter("Code.LocalDirectory must be an absolute path of an existing folder: \(directory)")
        }
        // The digest of each file's path and contents, then the digest of those (memory stays bounded).
        var fileDigests: [UInt8] = []
        var size: Int64 = 0
        let base = URL(fileURLWithPath: directory).standardizedFileURL
        let files = (FileManager.default.enumerator(atPath: base.path)?.allObjects as? [String] ?? []).sorted()
        for relative in files.prefix(100_000) {
            let path = base.appendingPathComponent(relative).path
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
                let data = FileManager.default.contents(atPath: path)
            else { continue }
            fileDigests += Digest.sha256(Array(relative.utf8) + [0] + Array(data))
            size += Int64(data.count)
        }
        let digest = Data(Digest.sha256(fileDigests)).base64EncodedString()
        return FunctionCode(directory: base.path, sha256: digest, size: size, isLocal: true)
    }

    /// The entry's destination when it stays inside `root` (no `..`, no absolute path).
    private static func contained(_ path: String, in root: URL) -> URL? {
        let parts = path.split(separator: "/").map(String.init)
        guard !path.hasPrefix("/"), !parts.contains(".."), !parts.isEmpty else { return nil }
        return parts.reduce(root) { $0.appendingPathComponent($1) }
    }

    /// Archives written without Unix modes would leave files unreadable; give the owner read access.
    private static func ensureReadable(_ url: URL) throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
        if mode & 0o400 == 0 {
            try FileManager.default.setAttributes([.posixPermissions: mode | 0o644], ofItemAtPath: url.path)
        }
    }

    /// Removes the unpacked copies of a function's code (never a LocalDirectory).
    static func removeUnpacked(functionName: String, root: String) {
        try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: root).appendingPathComponent(functionName).path)
    }
}
