import DynamoDBExpressions
import Testing

@Suite struct NumberTests {
    @Test(arguments: [
        ("01.50", "1.5"), ("1.5e0", "1.5"), ("+1.5", "1.5"), ("-0", "0"), ("0.000", "0"), ("1e2", "100"),
        ("1E-3", "0.001"), ("-12.3400", "-12.34"), ("123456789012345678901234567890", "123456789012345678901234567890"),
        ("0.1", "0.1"), ("100", "100"), ("-0.05", "-0.05"),
    ])
    func normalises(_ text: String, _ expected: String) throws {
        #expect(try DynamoNumber(parsing: text).description == expected)
    }

    @Test(arguments: ["", "-", "abc", "1.2.3", "1e", "e5", " 1", "0x10", "1e+"])
    func refusesText(_ text: String) {
        #expect(throws: ExpressionError("A value provided cannot be converted into a number")) {
            try DynamoNumber(parsing: text)
        }
    }

    @Test func limits() throws {
        #expect(throws: ExpressionError("Attempting to store more than 38 significant digits in a Number")) {
            try DynamoNumber(parsing: "1234567890123456789012345678901234567891")
        }
        #expect(
            throws: ExpressionError("Number overflow. Attempting to store a number with magnitude larger than supported range")
        ) { try DynamoNumber(parsing: "1e126") }
        #expect(
            throws: ExpressionError("Number underflow. Attempting to store a number with magnitude smaller than supported range")
        ) { try DynamoNumber(parsing: "1e-131") }
        _ = try DynamoNumber(parsing: "9.9999999999999999999999999999999999999E+125")
        _ = try DynamoNumber(parsing: "1E-130")
        // Trailing zeros are not significant.
        #expect(try DynamoNumber(parsing: "12345678901234567890123456789012345678000000").description.count == 44)
    }

    @Test func ordersNumerically() throws {
        let texts = ["-1e10", "-100", "-10.5", "-10", "-0.123", "-0.12", "0", "0.001", "0.12", "0.123", "1", "9", "10", "10.5", "1e10"]
        let numbers = try texts.map { try DynamoNumber(parsing: $0) }
        #expect(numbers.sorted() == numbers)
        let bytes = numbers.map(\.sortableBytes)
        for i in 1..<bytes.count {
            #expect(bytes[i - 1].lexicographicallyPrecedes(bytes[i]), "\(texts[i - 1]) < \(texts[i])")
        }
        #expect(try DynamoNumber(parsing: "1.0") == DynamoNumber(parsing: "1"))
    }

    @Test func arithmetic() throws {
        func sum(_ a: String, _ b: String) throws -> String {
            try DynamoNumber(parsing: a).adding(DynamoNumber(parsing: b)).description
        }
        #expect(try sum("1", "2") == "3")
        #expect(try sum("0.1", "0.2") == "0.3")
        #expect(try sum("99", "1") == "100")
        #expect(try sum("5", "-7") == "-2")
        #expect(try sum("-5", "5") == "0")
        #expect(try sum("1e10", "-1") == "9999999999")
        #expect(try DynamoNumber(parsing: "10").subtracting(DynamoNumber(parsing: "0.5")).description == "9.5")
        #expect(throws: ExpressionError("Attempting to store more than 38 significant digits in a Number")) {
            try sum("1e30", "1e-30")
        }
    }
}
