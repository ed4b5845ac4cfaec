import StatesLanguage
import Testing

@Suite struct StringPatternTests {
    /// Patterns from the AWS Choice-state documentation and their escapes.
    @Test(arguments: [
        ("log-*.txt", "log-2024.txt", true),
        ("log-*.txt", "log-.txt", true),
        ("log-*.txt", "log-a.txt.bak", false),
        ("*.log", "error.log", true),
        ("*.log", "error.log.1", false),
        ("*", "", true),
        ("*", "anything", true),
        ("a*b*c", "abc", true),
        ("a*b*c", "aXXbYYc", true),
        ("a*b*c", "acb", false),
        ("a*a", "a", false),
        ("a*a", "aa", true),
        ("", "", true),
        ("", "x", false),
        ("exact", "exact", true),
        ("exact", "exactly", false),
        (#"\*"#, "*", true),
        (#"\*"#, "x", false),
        (#"a\*b*"#, "a*bcd", true),
        (#"a\*b*"#, "axbcd", false),
        (#"\\*"#, #"\abc"#, true),
        (#"\\"#, #"\"#, true),
        ("caf*", "café", true),
        ("*é", "café", true),
    ])
    func matches(pattern: String, candidate: String, expected: Bool) {
        #expect(StringPattern(pattern).matches(candidate) == expected)
    }
}
