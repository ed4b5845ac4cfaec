import Foundation
import SluiceJSON

/// The recorded AWS cases in `/work/shared/conformance` (`../shared` from the repository root).
enum CorpusFixtures {
    static let conformanceDirectory: URL = {
        // Core/Tests/StatesLanguageTests/CorpusFixtures.swift → repository root → ../shared
        let repositoryRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/conformance")
    }()

    /// One recorded case: its folder name and files.
    struct Case {
        let name: String
        let directory: URL

        func json(_ file: String) throws -> JSONValue {
            let data = try Data(contentsOf: directory.appendingPathComponent(file))
            return try JSONValue(parsing: data)
        }

        func text(_ file: String) throws -> String {
            try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
        }
    }

    /// The cases of `group` (`cases`, `nonpure`, `validation`), sorted by name.
    static func cases(in group: String) -> [Case] {
        let directory = conformanceDirectory.appendingPathComponent(group)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().compactMap { name in
            let caseDirectory = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: caseDirectory.appendingPathComponent("definition.json").path)
            else { return nil }
            return Case(name: name, directory: caseDirectory)
        }
    }
}
