/// A lexical token of a JSONata expression.
struct Token {
    enum Kind: Equatable {
        case op(String)
        case string(String)
        case number(Double)
        case boolean(Bool)
        case null
        case name(String)
        case variable(String)
        case regex(pattern: String, flags: String)
        case end
    }

    var kind: Kind
    /// Offset just past the token, in Unicode scalars (JSONata reports end positions).
    var position: Int
}
