extension Library {
    static let dateTimeFunctions: [Builtin] = []
    static let formattingFunctions: [Builtin] = []
    static let awsFunctions: [Builtin] = []
}
