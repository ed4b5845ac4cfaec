extension Library {


    static let awsFunctions: [Builtin] = []
}
