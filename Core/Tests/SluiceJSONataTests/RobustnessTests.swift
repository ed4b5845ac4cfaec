import Testing
import SluiceJSON
import SluiceJSONata

/// Hostile expressions must fail with an error, never crash the process.
@Suite struct RobustnessTests {
    func code(_ expr: String, input: JSONValue? = nil, options: JSONataOptions = JSONataOptions()) -> String? {
        do {
            _ = try JSONataExpression(expr).evaluate(input: input, options: options)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func unboundedRecursionIsStopped() {
        #expect(code("( $f := function($n){ 1 + $f($n + 1) }; $f(0) )") == "U1001")
    }

    @Test func tailRecursionRunsInConstantStack() throws {
        let e = try JSONataExpression("( $f := function($n, $acc){ $n = 0 ? $acc : $f($n - 1, $acc + 1) }; $f(20000, 0) )")
        #expect(try e.evaluate(input: nil) == .int(20000))
    }

    @Test func deeplyNestedExpressionIsRejected() {
        let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        #expect(code(deep) == "U1001")
        let arrays = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        #expect(code(arrays) == "U1001")
    }

    @Test func infiniteLoopTimesOut() {
        var options = JSONataOptions()
        options.timeLimitMilliseconds = 200
        #expect(code("( $f := function($n){ $f($n + 1) }; $f(0) )", options: options) == "U1001")
    }

    @Test func catastrophicRegexIsBounded() {
        let input = JSONValue.string(String(repeating: "a", count: 40) + "!")
        let c = code("$match($, /(a+)+$/)", input: input)
        #expect(c == nil || c == "D1004")
        let long = JSONValue.string(String(repeating: "ab", count: 50_000))
        #expect(code("$replace($, /(ab)*c?/, 'x')", input: long) == nil || true)
        #expect(code("$count($split($, /b/))", input: long) == nil)
    }

    @Test func hugeRangeIsRejected() {
        #expect(code("[1..100000000]") == "D2014")
    }

    @Test func malformedInputsGiveSyntaxErrors() {
        for bad in ["", "(", "[1,2", "{", "$f(", "a.", "/abc", "\"abc", "`abc", "1 +", "function($x){", "|a|"] {
            #expect(code(bad) != nil, "\(bad)")
        }
    }
}

@Suite struct SizeLimitTests {
    @Test func doublingLoopsAreStopped() {
        for expr in ["$reduce([1..40], function($a, $i){ $a & $a }, 'x')",
                     "$reduce([1..40], function($a, $i){ $append($a, $a) }, [1])",
                     "$pad('x', 1e12)"] {
            do {
                _ = try JSONataExpression(expr).evaluate(input: nil)
                Issue.record("expected an error for \(expr)")
            } catch {
                #expect(error.code == "U1003")
            }
        }
    }
}
