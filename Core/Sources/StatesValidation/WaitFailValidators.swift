import SluiceJSON

/// The Wait state: exactly one of `Seconds`, `Timestamp`, `SecondsPath`, `TimestampPath`.
enum WaitValidator {
    static func validateField(_ key: String, _ value: JSONValue, scope: StateScope, in context: inout ValidationContext) {
        let at = scope.location.child(key)
        switch key {
        case "Seconds":
            if scope.language == .jsonata, JSONataText.isExpression(value) { return }
            context.expectInteger(value, minimum: 0, maximum: 99_999_999, at: at)
        case "Timestamp":
            if scope.language == .jsonata, JSONataText.isExpression(value) { return }
            context.checkTimestamp(value, at: at)
        case "SecondsPath", "TimestampPath":
            context.checkPath(value, field: key, allowNull: false, reference: true, at: at)
        default:
            break
        }
    }

    static let waitFields = ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"]

    static func validateShape(_ state: JSONObject, scope: StateScope, in context: inout ValidationContext) {
        let present = waitFields.filter { state[$0] != nil }
        if present.count > 1 {
            context.expectAtMostOne(of: waitFields, in: state, at: scope.location)
        } else if present.isEmpty {
            context.schemaError(
                "One of the following fields is required: [\(waitFields.joined(separator: ", "))]", at: scope.location)
        }
    }
}

/// The Fail state: `Error`/`ErrorPath` and `Cause`/`CausePath`, each pair exclusive.
enum FailValidator {
    static func validateField(_ key: String, _ value: JSONValue, at location: Location, in context: inout ValidationContext) {
        switch key {
        case "Error", "Cause":
            context.expect(.string, value, at: location)
        case "ErrorPath", "CausePath":
            context.checkDynamicValue(value, field: key, at: location)
        default:
            break
        }
    }

    static func validateShape(_ state: JSONObject, scope: StateScope, in context: inout ValidationContext) {
        context.expectAtMostOne(of: ["Error", "ErrorPath"], in: state, at: scope.location)
        context.expectAtMostOne(of: ["Cause", "CausePath"], in: state, at: scope.location)
    }
}

extension ValidationContext {
    /// A literal timestamp must be RFC 3339 (`2016-03-14T01:59:00Z`, with optional fraction and offset).
    mutating func checkTimestamp(_ value: JSONValue, at location: Location) {
        guard expect(.string, value, at: location), case .string(let text) = value else { return }
        if !RFC3339.isValid(text) { schemaError("String does not match RFC3339 timestamp", at: location) }
    }
}

/// RFC 3339 `date-time` syntax with calendar checks.
enum RFC3339 {
    static func isValid(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard b.count >= 20 else { return false }
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= b.count else { return nil }
            var v = 0
            for i in start..<(start + count) {
                let c = b[i]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard let year = digits(0, 4), b[4] == 45, let month = digits(5, 2), b[7] == 45, let day = digits(8, 2),
            b[10] == 84 || b[10] == 116, let hour = digits(11, 2), b[13] == 58, let minute = digits(14, 2),
            b[16] == 58, let second = digits(17, 2)
        else { return false }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour <= 23,
            minute <= 59, second <= 60
        else { return false }
        var i = 19
        if b[i] == 46 {  // fraction
            i += 1
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
            if i == start { return false }
        }
        guard i < b.count else { return false }
        if b[i] == 90 || b[i] == 122 { return i + 1 == b.count }
        guard b[i] == 43 || b[i] == 45, let offsetHour = digits(i + 1, 2), i + 3 < b.count, b[i + 3] == 58,
            let offsetMinute = digits(i + 4, 2)
        else { return false }
        return offsetHour <= 23 && offsetMinute <= 59 && i + 6 == b.count
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
