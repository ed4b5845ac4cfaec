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

@Suite struct HugeNumberTests {
    /// Extreme numeric arguments must give a value or an error, never trap.
    @Test func extremeArguments() {
        let exprs = [
            "$round(1.5, 1e300)", "$round(1.5, -1e300)", "$substring('abc', 1e300)", "$substring('abc', -1e300, 1e300)",
            "$fromMillis(1e300)", "$fromMillis(-1e300)", "$fromMillis(0, '[Y]', '99999999999999999999')",
            "$toMillis('99999999999-01-01', '[Y]-[M]-[D]')", "[1..2][1e300]", "[-9e18..9e18]",
            "$partition([1,2,3], 9e18)", "$formatInteger(1e300, 'w')", "$formatInteger(1e300, '0')",
            "$formatNumber(1e300, '#,##0.00')", "$formatNumber(1e-300, '0.0e0')", "$formatBase(1e300, 36)",
            "$pad('x', -1e300)", "$fromMillis(0, '[Y,1000000000]')", "$power(10, 400)", "$sqrt(-1)",
            "$match('abc', function($s){ {'match': 'a', 'start': 1e300, 'end': 1e300, 'groups': []} })",
            "$replace('abc', function($s){ {'match': 'a', 'start': -1e300, 'end': 1e300, 'groups': []} }, 'x')",
            "$split('abc', function($s){ {'match': 'a', 'start': 1e300, 'end': -5, 'groups': []} })",
            "'x' & $string(1e308 * 10)", "$number('1e400')", "$string(-1e-320)", "$parseInteger('9999999999999999999999', '#')",
        ]
        for e in exprs {
            _ = try? JSONataExpression(e).evaluate(input: nil, options: JSONataOptions(awsFunctions: true))
        }
    }
}

@Suite struct CyclicValueTests {
    /// The transform operator can make an object contain itself; later traversals must stop.
    @Test func selfReferencingObjects() {
        let input: JSONValue = ["b": ["c": 3.5, "d": [4, 5]]]
        for expr in ["$ ~> |b|{'z': $}|", "$ ~> |[b, b, b]|{'z': **}|", "$string($ ~> |b|{'z': $}|)",
                     "($c := $ ~> |b|{'z': $}|; $number($c.b))", "($c := $ ~> |b|{'z': $}|; $c = $c)"] {
            let start = ContinuousClock.now
            _ = try? JSONataExpression(expr).evaluate(input: input)
            #expect(ContinuousClock.now - start < .seconds(20), "\(expr)")
        }
    }
}
