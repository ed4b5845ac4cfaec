import SluiceJSON
import SluiceLambda
import Testing

@Suite struct EventStreamTests {
    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    @Test func payloadChunkMatchesTheReferenceVector() {
        let bytes = EventStreamMessage.payloadChunk(Array("hi".utf8)).encoded
        #expect(bytes.count == 108)
        #expect(
            Self.hex(bytes)
                == "0000006c0000005ab25efdcf0b3a6576656e742d7479706507000c5061796c6f61644368756e6b0d3a636f6e74656e742d747970650700186170706c69636174696f6e2f6f637465742d73747265616d0d3a6d6573736167652d747970650700056576656e7468691162e469"
        )
    }

    @Test func invokeCompleteMatchesTheReferenceVector() {
        let bytes = EventStreamMessage.invokeComplete(Array("{}".utf8)).encoded
        #expect(bytes.count == 102)
        #expect(
            Self.hex(bytes)
                == "00000066000000541f56c8690b3a6576656e742d7479706507000e496e766f6b65436f6d706c6574650d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d747970650700056576656e747b7d7006d467"
        )
    }

    @Test func invokeCompleteMembersAreJSON() throws {
        #expect(
            EventStreamMessage.invokeComplete(errorCode: nil, errorDetails: nil, logResult: nil)
                == EventStreamMessage.invokeComplete(Array("{}".utf8)))
        let details = #"{"errorMessage":"a \"quoted\" text"}"#
        let failed = EventStreamMessage.invokeComplete(errorCode: "Unhandled", errorDetails: details, logResult: "U1RBUlQ=")
        let payload = try JSONValue(parsing: failed.payload)
        #expect(payload.objectValue?.keys == ["ErrorCode", "ErrorDetails", "LogResult"])
        #expect(payload["ErrorCode"]?.stringValue == "Unhandled")
        #expect(payload["ErrorDetails"]?.stringValue == details)
        #expect(payload["LogResult"]?.stringValue == "U1RBUlQ=")
        #expect(failed.header(":event-type") == "InvokeComplete")
        let decoded = try EventStreamDecoder.decodeAll(failed.encoded)
        #expect(decoded == [failed])
    }

    @Test func decoderRoundTripsAndChecksCRCs() throws {
        let messages = [
            EventStreamMessage.payloadChunk(Array("line 1\n".utf8)),
            EventStreamMessage.payloadChunk([]),
            EventStreamMessage.invokeComplete(Array(#"{"ErrorCode":"Unhandled"}"#.utf8)),
        ]
        let bytes = messages.flatMap(\.encoded)
        let decoded = try EventStreamDecoder.decodeAll(bytes)
        #expect(decoded == messages)
        #expect(decoded.last?.header(":event-type") == "InvokeComplete")

        var corrupted = bytes
        corrupted[20] ^= 0x01
        #expect(throws: EventStreamDecodingError.messageChecksumMismatch) { try EventStreamDecoder.decodeAll(corrupted) }
        var badPrelude = bytes
        badPrelude[9] ^= 0x01
        #expect(throws: EventStreamDecodingError.preludeChecksumMismatch) { try EventStreamDecoder.decodeAll(badPrelude) }
        #expect(throws: EventStreamDecodingError.truncated) { try EventStreamDecoder.decodeAll(Array(bytes.dropLast())) }
        #expect(throws: EventStreamDecodingError.invalidLengths) {
            try EventStreamDecoder.decodeAll([0, 0, 0, 3] + [UInt8](repeating: 0, count: 12))
        }
    }
}
