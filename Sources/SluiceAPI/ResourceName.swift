/// AWS's rules for state machine, execution and activity names: 1–80 characters, no whitespace,
/// none of `< > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : /`, no control characters.
public enum ResourceName {
    static let forbidden: Set<Unicode.Scalar> = [
        "<", ">", "{", "}", "[", "]", "?", "*", "\"", "#", "%", "\\", "^", "|", "~", "`", "$", "&", ",", ";", ":", "/",
    ]

    /// Checks the length (ValidationException) and the characters (InvalidName) of `name`, the
    /// request member `field`.
    public static func validate(_ name: String, field: String = "name") throws(AWSError) {
        let count = name.unicodeScalars.count
        if count < 1 {
            throw AWSError.constraint(field: field, value: name, "Member must have length greater than or equal to 1")
        }
        if count > 80 {
            throw AWSError.constraint(field: field, value: name, "Member must have length less than or equal to 80")
        }
        guard isValid(name) else { throw AWSError.invalidName(name) }
    }

    public static func isValid(_ name: String) -> Bool {
        for scalar in name.unicodeScalars {
            let v = scalar.value
            if v <= 0x20 || (v >= 0x7F && v <= 0x9F) { return false }
            if scalar.properties.isWhitespace { return false }
            if forbidden.contains(scalar) { return false }
        }
        return true
    }
}
