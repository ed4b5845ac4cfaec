import SluiceJSON

/// The Parallel state's `Branches`: a non-empty list of workflows.
enum ParallelValidator {
    static func validateField(_ key: String, _ value: JSONValue, scope: StateScope, in context: inout ValidationContext) {
        guard key == "Branches" else { return }
        let at = scope.location.child(key)
        guard context.expect(.array, value, at: at), case .array(let branches) = value else { return }
        if branches.isEmpty { context.schemaError("Value cannot be empty", at: at) }
        guard scope.nesting < ValidationContext.maxNesting else {
            context.error(DiagnosticCode.tooDeeplyNested, "The states are too deeply nested", at: at)
            return
        }
        for (i, branch) in branches.enumerated() {
            let branchLocation = at.index(i)
            guard context.expect(.object, branch, at: branchLocation), case .object(let workflow) = branch else { continue }
            MachineValidator.validate(
                workflow, at: branchLocation, kind: .branch, nesting: scope.nesting + 1, in: &context)
        }
    }
}
