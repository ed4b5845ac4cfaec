import DynamoDBExpressions
import SluiceJSON
import Testing

@Suite struct AttributeValueTests {
    func value(_ json: String) throws -> AttributeValue {
        try AttributeValue(json: JSONValue(parsing: json))
    }

    @Test func roundTrips() throws {
        let json = #"{"M":{"a":{"L":[{"N":"1.50"},{"B":"AAEC/w=="},{"NULL":true},{"BOOL":false}]},"b":{"SS":["x","y"]},"c":{"NS":["2","1"]},"d":{"BS":["YQ=="]}}}"#
        let v = try value(json)
        #expect(
            v.json.serialized
                == #"{"M":{"a":{"L":[{"N":"1.5"},{"B":"AAEC/w=="},{"NULL":true},{"BOOL":false}]},"b":{"SS":["x","y"]},"c":{"NS":["2","1"]},"d":{"BS":["YQ=="]}}}"#
        )
    }

    @Test func refusesMalformed() throws {
        #expect(throws: ExpressionError("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")) {
            try value("{}")
        }
        #expect(
            throws: ExpressionError(
                "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes")
        ) { try value(#"{"S":"a","N":"1"}"#) }
        #expect(throws: ExpressionError("One or more parameter values were invalid: An string set  may not be empty")) {
            try value(#"{"SS":[]}"#)
        }
        #expect(throws: ExpressionError("One or more parameter values were invalid: An number set  may not be empty")) {
            try value(#"{"NS":[]}"#)
        }
        #expect(throws: ExpressionError("One or more parameter values were invalid: Input collection [a, a] contains duplicates.")) {
            try value(#"{"SS":["a","a"]}"#)
        }
        #expect(throws: ExpressionError("A value provided cannot be converted into a number")) { try value(#"{"N":"x"}"#) }
        let deep = String(repeating: #"{"L":["#, count: 40) + #"{"S":"x"}"# + String(repeating: "]}", count: 40)
        #expect(throws: ExpressionError("Nesting Levels have exceeded supported limits")) { try value(deep) }
    }

    @Test func setsCompareAsSets() throws {
        #expect(try value(#"{"SS":["a","b"]}"#) == value(#"{"SS":["b","a"]}"#))
        #expect(try value(#"{"NS":["1","2"]}"#) != value(#"{"NS":["1","3"]}"#))
        #expect(try value(#"{"N":"1.0"}"#) == value(#"{"N":"1"}"#))
        // Strings are equal when their bytes are: "é" precomposed is not "e" + combining accent.
        #expect(AttributeValue.string("\u{E9}") != AttributeValue.string("e\u{301}"))
    }
}
