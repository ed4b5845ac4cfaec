import Foundation
import SluiceJSON

/// The normalisations LocalStack's snapshot library applied to the AWS recordings, applied to our own
/// results so that both compare as JSON values. A port of the part of `localstack-snapshot` 0.4.0 and of
/// `../shared/tools/conformance.py` that the pure corpus uses.
///
/// ARN parts, account, region, partition and role are not rewritten here: the runner executes each case
/// under the placeholder names themselves, so they come out as the recording shows them.
struct SnapshotNormalizer {
    let testCase: ConformanceCase
    private var replacements: [(String) -> String] = []
    private var scopes: [String: Int] = [:]
    private var registered: Set<String> = []

    init(_ testCase: ConformanceCase) { self.testCase = testCase }

    /// Normalises `{"describe": {...}, "history": {"events": [...]}}`.
    mutating func normalize(_ state: JSONValue) -> JSONValue {
        var state = Self.parseBracedJSONStrings(state)
        state = transformCauseDetails(state)
        for spec in testCase.expected["snapshot_transformers"]?.arrayValue ?? []
        where spec["type"]?.stringValue == "JsonpathTransformer" {
            let args = spec["args"]?.arrayValue ?? []
            let kwargs = spec["kwargs"]
            guard let path = args.first?.stringValue ?? kwargs?["jsonpath"]?.stringValue,
                let replacement = (args.count > 1 ? args[1].stringValue : nil) ?? kwargs?["replacement"]?.stringValue
            else { continue }
            let byReference = kwargs?["replace_reference"]?.boolValue ?? true
            state = applyJSONPath(path, replacement: replacement, byReference: byReference, to: state)
        }
        if testCase.parallelEventsSorted, case .object(var o) = state, case .object(var h)? = o["history"],
            let events = h["events"]?.arrayValue
        {
            h["events"] = .array(Self.localStackParallelTransform(events))
            o["history"] = .object(h)
            state = .object(o)
        }
        registerMapRunArns(in: state)
        state = transformUUIDsInIDKeys(state)
        replacements.append { Self.replaceISO8601($0) }
        state = Self.replaceTimestampKeys(state)
        guard case .object(let parts) = state else { return state }
        var out = JSONObject()
        for (key, value) in parts {
            var text = value.serialized
            for r in replacements { text = r(text) }
            out[key] = (try? JSONValue(parsing: text)) ?? value
        }
        return .object(out)
    }

    // MARK: transformers

    private mutating func registerReference(_ value: String, as name: String) {
        let escaped = value.replacingAll("\"", with: "\\\"")
        guard !registered.contains(escaped) else { return }
        registered.insert(escaped)
        let n = (scopes[name] ?? 0) + 1
        scopes[name] = n
        let replacement = "<\(name):\(n)>"
        replacements.append { $0.replacingAll(escaped, with: replacement) }
    }

    /// conformance.py: each map run ARN `…:mapRun:SM/PART0:PART1`, in order of appearance, has its
    /// PART1 replaced by `<MapRunArnPart1_{i}idx>` and a UUID PART0 by `<MapRunArnPart0_{i}idx>`.
    private mutating func registerMapRunArns(in state: JSONValue) {
        var arns: [String] = []
        func collect(_ v: JSONValue) {
            switch v {
            case .object(let o):
                for (k, x) in o {
                    if k == "mapRunArn", case .string(let s) = x, !arns.contains(s) { arns.append(s) }
                    collect(x)
                }
            case .array(let a): a.forEach(collect)
            default: break
            }
        }
        collect(state)
        for (i, arn) in arns.enumerated() {
            let parts = (arn.split(separator: "/").last.map(String.init) ?? arn).split(separator: ":").map(String.init)
            if parts.count > 1 {
                let part1 = parts[1]
                replacements.append { $0.replacingAll(part1, with: "<MapRunArnPart1_\(i)idx>") }
            }
            if let part0 = parts.first, Self.startsWithUUID(part0) {
                replacements.append { $0.replacingAll(part0, with: "<MapRunArnPart0_\(i)idx>") }
            }
        }
    }

    private mutating func transformCauseDetails(_ value: JSONValue) -> JSONValue {
        walkObjects(value) { key, v, this in
            if key == "cause", case .string(let s) = v, let inner = Self.quotedJSONObject(in: s) {
                this.registerReference(inner, as: "json-input")
            }
            return nil
        }
    }

    private mutating func transformUUIDsInIDKeys(_ value: JSONValue) -> JSONValue {
        walkObjects(value) { key, v, this in
            if key.lowercased().hasSuffix("id"), case .string(let s) = v, Self.startsWithUUID(s) {
                this.registerReference(s, as: "uuid")
            }
            return nil
        }
    }

    /// Visits every object member (through arrays of objects, as the library does); the visitor may
    /// return a replacement value.
    private mutating func walkObjects(
        _ value: JSONValue, _ visit: (String, JSONValue, inout SnapshotNormalizer) -> JSONValue?
    ) -> JSONValue {
        guard case .object(let o) = value else { return value }
        var out = JSONObject()
        for (k, v) in o {
            if let r = visit(k, v, &self) {
                out[k] = r
            } else if case .array(let items) = v {
                out[k] = .array(items.map { item in item.objectValue != nil ? walkObjects(item, visit) : item })
            } else if case .object = v {
                out[k] = walkObjects(v, visit)
            } else {
                out[k] = v
            }
        }
        return .object(out)
    }

    /// `$..a..b.c` style paths: `..name` matches at any depth, `.name` a direct member.
    private mutating func applyJSONPath(_ path: String, replacement: String, byReference: Bool, to value: JSONValue)
        -> JSONValue
    {
        var segments: [(deep: Bool, name: String)] = []
        var rest = Substring(path.hasPrefix("$") ? String(path.dropFirst()) : path)
        while !rest.isEmpty {
            let deep = rest.hasPrefix("..")
            rest = rest.dropFirst(deep ? 2 : 1)
            let name = rest.prefix { $0 != "." }
            rest = rest.dropFirst(name.count)
            segments.append((deep, String(name)))
        }
        var found: [String] = []
        let result = Self.update(value, segments[...], replacement: .string(replacement), found: &found)
        if byReference {
            for f in found { registerReference(f, as: replacement) }
            return value
        }
        return result
    }

    private static func update(
        _ value: JSONValue, _ segments: ArraySlice<(deep: Bool, name: String)>, replacement: JSONValue,
        found: inout [String]
    ) -> JSONValue {
        guard let seg = segments.first else {
            if case .string(let s) = value { found.append(s) }
            return replacement
        }
        switch value {
        case .object(let o):
            var out = JSONObject()
            for (k, v) in o {
                var nv = v
                if k == seg.name { nv = update(nv, segments.dropFirst(), replacement: replacement, found: &found) }
                if seg.deep && k != seg.name { nv = update(nv, segments, replacement: replacement, found: &found) }
                out[k] = nv
            }
            return .object(out)
        case .array(let a) where seg.deep:
            return .array(a.map { update($0, segments, replacement: replacement, found: &found) })
        default:
            return value
        }
    }

    // MARK: helpers

    /// The library parses string values that start with `{` and are valid JSON.
    static func parseBracedJSONStrings(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let o):
            var out = JSONObject()
            for (k, v) in o {
                if case .string(let s) = v, s.hasPrefix("{"), let parsed = try? JSONValue(parsing: s) {
                    out[k] = parsed
                } else {
                    out[k] = parseBracedJSONStrings(v)
                }
            }
            return .object(out)
        case .array(let a):
            return .array(a.map { $0.objectValue != nil ? parseBracedJSONStrings($0) : $0 })
        default:
            return value
        }
    }

    /// `re.match(r".*'({.*})'", cause)` with a JSON-valid group.
    static func quotedJSONObject(in s: String) -> String? {
        let chars = Array(s)
        // Greedy: the last `'{` … `}'` pair that encloses valid JSON, scanning as Python's backtracking does.
        guard !chars.contains("\n") else { return nil }
        var ends: [Int] = []
        for i in chars.indices where chars[i] == "}" && i + 1 < chars.count && chars[i + 1] == "'" { ends.append(i) }
        var starts: [Int] = []
        for i in chars.indices where chars[i] == "'" && i + 1 < chars.count && chars[i + 1] == "{" { starts.append(i + 1) }
        for start in starts.reversed() {
            for end in ends.reversed() where end > start {
                let candidate = String(chars[start...end])
                // Python takes the first match its backtracking finds (latest start, then latest end).
                if (try? JSONValue(parsing: candidate)) != nil { return candidate }
                return nil
            }
        }
        return nil
    }

    static func startsWithUUID(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count >= 36 else { return false }
        for (i, c) in u.prefix(36).enumerated() {
            if [8, 13, 18, 23].contains(i) {
                if c != UInt8(ascii: "-") { return false }
            } else if !isHex(c) {
                return false
            }
        }
        return true
    }

    static func isHex(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)
    }

    /// Replaces ISO-8601 date-times (`YYYY-MM-DDTHH:MM:SS[.f](Z|±HH[:MM])`) with `date`.
    static func replaceISO8601(_ text: String) -> String {
        let u = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(u.count)
        var i = 0
        func digits(_ at: Int, _ n: Int) -> Bool {
            guard at + n <= u.count else { return false }
            for k in at..<at + n where !(u[k] >= 48 && u[k] <= 57) { return false }
            return true
        }
        while i < u.count {
            if digits(i, 4), u[i] != 48, i + 19 <= u.count, u[i + 4] == 45, digits(i + 5, 2), u[i + 7] == 45,
                digits(i + 8, 2), u[i + 10] == UInt8(ascii: "T"), digits(i + 11, 2), u[i + 13] == 58,
                digits(i + 14, 2), u[i + 16] == 58, digits(i + 17, 2),
                validDateTime(u, at: i)
            {
                var j = i + 19
                if j < u.count, u[j] == 46 {
                    var k = j + 1
                    while k < u.count, k - j <= 9, u[k] >= 48, u[k] <= 57 { k += 1 }
                    if k > j + 1 { j = k }
                }
                var zoneEnd: Int? = nil
                if j < u.count, u[j] == UInt8(ascii: "Z") {
                    zoneEnd = j + 1
                } else if j < u.count, u[j] == 43 || u[j] == 45, digits(j + 1, 2) {
                    var k = j + 3
                    if k < u.count, u[k] == 58 { k += 1 }
                    if digits(k, 2) { k += 2 }
                    zoneEnd = k
                }
                if let end = zoneEnd {
                    out.append(contentsOf: Array("date".utf8))
                    i = end
                    continue
                }
            }
            out.append(u[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The ranges localstack-snapshot's PATTERN_ISO8601 accepts: month 01–12, a day that exists in
    /// that month (29 February only in leap years), hour 00–23, minutes and seconds 00–59.
    static func validDateTime(_ u: [UInt8], at i: Int) -> Bool {
        func number(_ at: Int, _ n: Int) -> Int { (at..<at + n).reduce(0) { $0 * 10 + Int(u[$1] - 48) } }
        let year = number(i, 4), month = number(i + 5, 2), day = number(i + 8, 2)
        let hour = number(i + 11, 2), minute = number(i + 14, 2), second = number(i + 17, 2)
        guard (1...12).contains(month), hour <= 23, minute <= 59, second <= 59, day >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }

    static func replaceTimestampKeys(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let o):
            var out = JSONObject()
            for (k, v) in o {
                if k.lowercased().contains("timestamp"), v.stringValue.map({ replaceISO8601($0) == $0 }) ?? true,
                    v.objectValue == nil, v.arrayValue == nil
                {
                    out[k] = "timestamp"
                } else {
                    out[k] = replaceTimestampKeys(v)
                }
            }
            return .object(out)
        case .array(let a):
            return .array(a.map(replaceTimestampKeys))
        default:
            return value
        }
    }

    static let parallelEnds: Set<String> = [
        "ParallelStateSucceeded", "ParallelStateAborted", "ParallelStateExited", "ParallelStateFailed",
    ]

    /// LocalStack's `SfnNoneRecursiveParallelTransformer`, quirks included (see conformance.py).
    static func localStackParallelTransform(_ input: [JSONValue]) -> [JSONValue] {
        var events = input
        var start = 0
        var block: [JSONValue] = []
        var inside = false
        var i = 0
        while i < events.count {
            let type = events[i]["type"]?.stringValue
            if type == nil {
                inside = false
            } else if let type, parallelEnds.contains(type) {
                let sorted = block.sorted { sortedKeyText($0) < sortedKeyText($1) }
                let removed = i - start
                events.replaceSubrange(start..<i, with: sorted)
                i += sorted.count - removed
                inside = false
            } else if type == "ParallelStateStarted" {
                inside = true
                block = []
                start = i + 1
            } else if inside, case .object(var o) = events[i] {
                o["id"] = [0]
                o["previousEventId"] = 0
                events[i] = .object(o)
                block.append(events[i])
            }
            i += 1
        }
        return events
    }

    /// Order-insensitive comparison of Parallel branch blocks, as conformance.py does.
    static func sortParallelBlocks(_ input: [JSONValue]) -> [JSONValue] {
        var out = input
        var start: Int? = nil
        for i in out.indices {
            let type = out[i]["type"]?.stringValue ?? ""
            if type == "ParallelStateStarted" {
                start = i + 1
            } else if parallelEnds.contains(type), let s = start, s <= i {
                out.replaceSubrange(s..<i, with: out[s..<i].sorted { sortedKeyText($0) < sortedKeyText($1) })
                start = nil
            }
        }
        return out
    }

    static func sortedKeyText(_ v: JSONValue) -> String {
        switch v {
        case .object(let o):
            let members = o.sorted { $0.key < $1.key }.map { "\(JSONValue.string($0.key).serialized):\(sortedKeyText($0.value))" }
            return "{" + members.joined(separator: ",") + "}"
        case .array(let a):
            return "[" + a.map(sortedKeyText).joined(separator: ",") + "]"
        default:
            return v.serialized
        }
    }

    /// conformance.py's `canon`: drop timestamps; parse JSON text in input/output/cause.
    static func canon(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let o):
            var out = JSONObject()
            for (k, v) in o where k != "timestamp" {
                if ["input", "output", "cause"].contains(k), case .string(let s) = v, let p = try? JSONValue(parsing: s) {
                    out[k] = canon(p)
                } else {
                    out[k] = canon(v)
                }
            }
            return .object(out)
        case .array(let a):
            return .array(a.map(canon))
        default:
            return value
        }
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var out = ""
        var rest = self[...]
        while let r = rest.range(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        out += rest
        return out
    }
}
