public import SluiceJSON

/// Timestamps on the wire: the AWS JSON protocol sends epoch seconds as a number.
public enum AWSTime {
    /// Milliseconds since the epoch as epoch seconds (whole seconds stay integers).
    public static func epochSeconds(_ millis: Int64) -> JSONValue {
        if millis % 1000 == 0 { return .number(JSONNumber(millis / 1000)) }
        return .number(JSONNumber(Double(millis) / 1000))
    }
}
