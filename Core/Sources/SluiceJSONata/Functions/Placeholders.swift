extension Library {

    static let formattingFunctions: [Builtin] = []
    static let awsFunctions: [Builtin] = []
}
