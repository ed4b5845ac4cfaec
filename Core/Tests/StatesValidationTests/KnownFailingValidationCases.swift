/// Recorded validation cases Sluice does not match yet. This list may only shrink: the corpus test
/// fails when a case outside it fails, and when a case in it starts passing.
let knownFailingValidationCases: Set<String> = []
