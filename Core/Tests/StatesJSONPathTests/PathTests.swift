import SluiceJSON
import Testing
@testable import StatesJSONPath

private func json(_ text: String) -> JSONValue {
    (try? JSONValue(parsing: text)) ?? .null
}

private let store = json(
    """
    {"store": {"book": [
        {"category": "reference", "author": "Nigel Rees", "title": "Sayings", "price": 8.95},
        {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword", "price": 12.99},
        {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553", "price": 8.99},
        {"category": "fiction", "author": "J. R. R. Tolkien", "title": "LOTR", "isbn": "0-395", "price": 22.99}
      ],
      "bicycle": {"color": "red", "price": 19.95}},
     "nums": [1, 2, 3, 4, 5], "a b": 1, "it's": 2, "empty": {}, "nil": null}
    """)

/// Paths and what Jayway (and so AWS) selects with them; `nil` means "no match".
private let selections: [(String, String?)] = [
    ("$", nil),
    ("$.nums", "[1,2,3,4,5]"),
    ("$.nums[0]", "1"),
    ("$.nums[-1]", "5"),
    ("$.nums[-5]", "1"),
    ("$.nums[5]", nil),
    ("$.nums[-6]", nil),
    ("$.nums[1:3]", "[2,3]"),
    ("$.nums[:2]", "[1,2]"),
    ("$.nums[-2:]", "[4,5]"),
    ("$.nums[2:]", "[3,4,5]"),
    ("$.nums[:-2]", "[1,2,3]"),
    ("$.nums[3:1]", "[]"),
    ("$.nums[-3:-1]", "[3,4]"),
    ("$.nums[1:-1]", "[]"),  // Jayway does not normalise a negative end in [a:b]
    ("$.store.bicycle[?(@.color == 'red')].price", "[19.95]"),  // a filter on an object tests the object
    ("$.nums[0:100]", "[1,2,3,4,5]"),
    ("$.nums[10:]", "[]"),
    ("$.nums[0,2,4]", "[1,3,5]"),
    ("$.nums[*]", "[1,2,3,4,5]"),
    ("$.nums.*", "[1,2,3,4,5]"),
    ("$['a b']", "1"),
    ("$[\"a b\"]", "1"),
    ("$.store.bicycle.color", "\"red\""),
    ("$['store']['bicycle']['color']", "\"red\""),
    ("$.store.bicycle.*", "[\"red\",19.95]"),
    ("$.store.book[0].title", "\"Sayings\""),
    ("$.store.book[*].author", "[\"Nigel Rees\",\"Evelyn Waugh\",\"Herman Melville\",\"J. R. R. Tolkien\"]"),
    ("$.store.book[-1:].title", "[\"LOTR\"]"),
    ("$..author", "[\"Nigel Rees\",\"Evelyn Waugh\",\"Herman Melville\",\"J. R. R. Tolkien\"]"),
    ("$.store..price", "[8.95,12.99,8.99,22.99,19.95]"),
    ("$..book[2].title", "[\"Moby Dick\"]"),
    ("$..book[?(@.isbn)].title", "[\"Moby Dick\",\"LOTR\"]"),
    ("$.store.book[?(@.isbn)].title", "[\"Moby Dick\",\"LOTR\"]"),
    ("$.store.book[?(!@.isbn)].title", "[\"Sayings\",\"Sword\"]"),
    ("$.store.book[?(@.price < 10)].title", "[\"Sayings\",\"Moby Dick\"]"),
    ("$.store.book[?(@.price<10)].title", "[\"Sayings\",\"Moby Dick\"]"),
    ("$.store.book[?(@.price >= 12.99)].title", "[\"Sword\",\"LOTR\"]"),
    ("$.store.book[?(@.category == 'reference')].title", "[\"Sayings\"]"),
    ("$.store.book[?(@.category != 'fiction')].title", "[\"Sayings\"]"),
    ("$.store.book[?(@.category == \"reference\")].title", "[\"Sayings\"]"),
    ("$.store.book[?(@.category == 'fiction' && @.price < 10)].title", "[\"Moby Dick\"]"),
    ("$.store.book[?(@.price < 9 || @.price > 20)].title", "[\"Sayings\",\"Moby Dick\",\"LOTR\"]"),
    ("$.store.book[?((@.price < 9) || (@.price > 20))].title", "[\"Sayings\",\"Moby Dick\",\"LOTR\"]"),
    ("$.store.book[?(@.author =~ /.*REES/i)].title", "[\"Sayings\"]"),
    ("$.store.book[?(@.category in ['reference', 'poetry'])].title", "[\"Sayings\"]"),
    ("$.store.book[?(@.category nin ['fiction'])].title", "[\"Sayings\"]"),
    ("$.store.book[?(@.price > $.store.bicycle.price)].title", "[\"LOTR\"]"),
    ("$.store.book[?(@.title size 4)].title", "[\"LOTR\"]"),
    ("$.store.book[?(@.nothing == 1)]", "[]"),
    ("$.store.book[?(@.isbn exists true)].title", "[\"Moby Dick\",\"LOTR\"]"),
    ("$.store.book[?(@.isbn exists false)].title", "[\"Sayings\",\"Sword\"]"),
    ("$.nums[?(@ == '2')]", "[2]"),
    ("$.nums[?(@ === '2')]", "[]"),
    ("$.nums[?(@ === 2)]", "[2]"),
    ("$.nums[?(@ !== '2')]", "[1,2,3,4,5]"),
    ("$.missing[*]", "[]"),
    ("$.missing[1:]", "[]"),
    ("$[*]", nil),
    ("$.empty", "{}"),
    ("$.empty.*", "[]"),
    ("$.nil", "null"),
    ("$.nil.x", nil),
    ("$.missing", nil),
    ("$.missing.deeper", nil),
    ("$.nums.length()", nil),
    ("$.store['bicycle','nothing']", "{\"bicycle\":{\"color\":\"red\",\"price\":19.95}}"),
    ("$.store['nothing','other']", "{}"),
    ("$.store['book','bicycle'].color", "[\"red\"]"),
]

@Suite struct PathSelectionTests {
    @Test(arguments: selections)
    func selects(_ text: String, _ expected: String?) throws {
        let path = try Path(text)
        let result = path.select(in: ExpressionEnvironment(input: store))
        if text == "$" {
            #expect(result == store)
        } else if text == "$[*]" {
            #expect(result?.arrayValue?.count == store.objectValue?.count)
        } else {
            #expect(result == expected.map(json), "\(text) gave \(result?.serialized ?? "nothing")")
        }
    }

    @Test func contextAndVariables() throws {
        let env = ExpressionEnvironment(
            input: ["a": 1], context: ["Execution": ["Name": "run-1"]],
            variables: ["x": ["a": ["b": true]], "list": [1, 2, 3]])
        #expect(try Path("$$.Execution.Name").select(in: env) == "run-1")
        #expect(try Path("$$").select(in: env) == env.context)
        #expect(try Path("$x").select(in: env) == ["a": ["b": true]])
        #expect(try Path("$x.a.b").select(in: env) == true)
        #expect(try Path("$list[1]").select(in: env) == 2)
        #expect(try Path("$list[*]").select(in: env) == [1, 2, 3])
        #expect(try Path("$undefined").select(in: env) == nil)
        #expect(try Path("$x").root == .variable("x"))
        #expect(try Path("$$.a").root == .context)
        #expect(try Path("$.a").root == .input)
    }

    @Test func escapedQuotesInBracketsAreKept() throws {
        // The corpus case ESCAPE_SEQUENCES_JSONPATH: the backslash stays part of the name.
        let input: JSONValue = ["Test\\\"\"Name\"": "v"]
        #expect(try Path("$['Test\\\"\"Name\"']").select(in: ExpressionEnvironment(input: input)) == "v")
    }

    @Test func referencePaths() throws {
        for text in ["$", "$.a", "$.a.b", "$['a']", "$.a[0]", "$.a[-1].b", "$$.Map.Item.Value", "$var.a"] {
            #expect(try Path(text).isReferencePath, "\(text)")
        }
        for text in ["$.a[*]", "$..a", "$.a[1:2]", "$.a[0,1]", "$.a[?(@.b)]", "$.*", "$.a.length()", "$['a','b']"] {
            #expect(try !Path(text).isReferencePath, "\(text)")
        }
        #expect(try Path("$.a[0]").isDefinite)
        #expect(try !Path("$.a[0:1]").isDefinite)
    }

    @Test(arguments: [
        "", "a", "a.b", "$.", "$..", "$a b", "$.a b", "$[", "$[abc]", "$['a'", "$['a' 'b']", "$.a[?(@.b)", "$.a[?(@.b ==)]",
        "$.a[]", "$.a[:]", "$.a.", "$...a", "$.a[1:2:3]", "States.Format('x')", "$$$", "$.a[?(@.b =~ /(/)]", "$[0",
        "$.a..", "@.a", "$.a[-]",
    ])
    func rejectsInvalidSyntax(_ text: String) {
        #expect(throws: PathSyntaxError.self) { try Path(text) }
    }

    @Test func valueExplainsMissesLikeJayway() throws {
        let env = ExpressionEnvironment(input: ["a": ["b": 1], "list": [1]])
        #expect(throws: StatesError.runtime("Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']")) {
            try Path("$.NoSuchInputPath").value(in: env)
        }
        #expect(throws: StatesError.runtime("Invalid path '$.no.such.result.path' : Missing property in path $['no']")) {
            try Path("$.no.such.result.path").value(in: env)
        }
        #expect(throws: StatesError.runtime("Invalid path '$.a.c' : No results for path: $['a']['c']")) {
            try Path("$.a.c").value(in: env)
        }
        #expect(throws: StatesError.runtime("Invalid path '$.list[3]' : No results for path: $['list'][3]")) {
            try Path("$.list[3]").value(in: env)
        }
        #expect(try Path("$.list[*]").value(in: env) == [1])
        #expect(try Path("$.nothing[*]").value(in: env) == [])
        #expect(try Path("$.a.b").value(in: env) == 1)
    }

    @Test func canonicalText() throws {
        #expect(try Path("$.a['b c'][0][*]..d[1:2]").canonicalText == "$['a']['b c'][0][*]..['d'][1:2]")
    }
}

@Suite struct ResultPathTests {
    let input: JSONValue = ["a": 1, "nested": ["x": true], "list": [1, 2]]

    @Test func dollarReplacesTheInput() throws {
        #expect(try ResultPath("$").apply(result: "r", to: input) == "r")
    }

    @Test func nullKeepsTheInput() throws {
        #expect(try ResultPath(nil).apply(result: "r", to: input) == input)
    }

    @Test func createsIntermediateObjects() throws {
        let out = try ResultPath("$.b.c.d").apply(result: 5, to: input)
        #expect(out == ["a": 1, "nested": ["x": true], "list": [1, 2], "b": ["c": ["d": 5]]])
        #expect(out.objectValue?.keys == ["a", "nested", "list", "b"])
    }

    @Test func replacesExistingMembersInPlace() throws {
        let out = try ResultPath("$.nested.x").apply(result: false, to: input)
        #expect(out == ["a": 1, "nested": ["x": false], "list": [1, 2]])
        #expect(try ResultPath("$['a']").apply(result: 2, to: input)["a"] == 2)
        #expect(try ResultPath("$.list[1]").apply(result: 9, to: input)["list"] == [1, 9])
    }

    @Test func failsWhenTheParentIsNotAnObject() {
        #expect(throws: StatesError.self) { try ResultPath("$.a.b").apply(result: 1, to: input) }
        #expect(throws: StatesError.self) { try ResultPath("$.x").apply(result: 1, to: "text") }
        #expect(throws: StatesError.self) { try ResultPath("$.list[5]").apply(result: 1, to: input) }
    }

    @Test func requiresAReferencePath() {
        #expect(throws: PathSyntaxError.self) { try ResultPath("$.a[*]") }
        #expect(throws: PathSyntaxError.self) { try ResultPath("$..a") }
    }
}

@Suite struct ResultPathRootTests {
    @Test func onlyTheInputCanBeAssigned() {
        #expect(throws: PathSyntaxError.self) { try ResultPath("$$.Execution") }
        #expect(throws: PathSyntaxError.self) { try ResultPath("$x.a") }
    }

    @Test func templateKeysThatCollideKeepTheLastValue() throws {
        var random = SeededRandom(seed: 1)
        let out = try PayloadTemplate(["a": 1, "a.$": "$.v"]).evaluate(
            in: ExpressionEnvironment(input: ["v": 2]), random: &random)
        #expect(out == ["a": 2])
    }
}
