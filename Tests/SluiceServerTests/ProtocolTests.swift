import SluiceAPI
import SluiceJSON
import Testing

@Suite("AWS JSON 1.0 protocol layer")
struct ProtocolTests {
    @Test func missingMemberIsAValidationException() throws {
        let fields = try RequestFields(body: Array(#"{"other": 1}"#.utf8))
        #expect(throws: AWSError.missingField("stateMachineArn")) { try fields.requiredString("stateMachineArn") }
        #expect(
            AWSError.missingField("name").message
                == "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null")
    }

    @Test func wrongTypeIsASerializationException() throws {
        let fields = try RequestFields(body: Array(#"{"maxResults": "ten", "name": 3}"#.utf8))
        do {
            _ = try fields.int("maxResults")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == "SerializationException")
            #expect(error.typeName == "com.amazon.coral.service#SerializationException")
        }
        #expect(throws: AWSError.self) { try fields.string("name") }
    }

    @Test func malformedAndEmptyBodies() throws {
        #expect(throws: AWSError.self) { try RequestFields(body: Array("{oops".utf8)) }
        #expect(throws: AWSError.self) { try RequestFields(body: Array("[1]".utf8)) }
        #expect(try RequestFields(body: []).object.isEmpty)
        #expect(try RequestFields(body: Array("  \n".utf8)).object.isEmpty)
        // JSON null members read as absent, as the SDKs send them.
        #expect(try RequestFields(body: Array(#"{"name": null}"#.utf8)).string("name") == nil)
    }

    @Test func constraintsUseAWSWording() throws {
        let fields = try RequestFields(body: Array(#"{"maxResults": 1001, "statusFilter": "succeeded"}"#.utf8))
        do {
            _ = try fields.int("maxResults", min: 0, max: 1000)
            Issue.record("expected an error")
        } catch {
            #expect(
                error.message
                    == "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000"
            )
        }
        do {
            _ = try fields.enumeration("statusFilter", allowed: ["SUCCEEDED", "RUNNING"])
            Issue.record("expected an error")
        } catch {
            #expect(error.code == "ValidationException")
            #expect(error.message.hasSuffix("Member must satisfy enum value set: [SUCCEEDED, RUNNING]"))
        }
    }

    @Test func arnsAreParsedWithAWSMessages() throws {
        #expect(throws: AWSError.invalidArn("Invalid ARN prefix: not_a_valid_arn")) {
            try ResourceArn.stateMachine("not_a_valid_arn")
        }
        #expect(throws: AWSError.invalidArn("Resource type not valid in this context: express")) {
            try ResourceArn.execution("arn:aws:states:us-east-1:123456789012:express:sm:name:1234")
        }
        #expect(throws: AWSError.invalidArn("Resource type not valid in this context: execution")) {
            try ResourceArn.stateMachine("arn:aws:states:us-east-1:123456789012:execution:sm:name")
        }
        let arn = try ResourceArn.execution("arn:aws:states:eu-west-1:111111111111:execution:sm:run-1")
        #expect(arn.region == "eu-west-1" && arn.account == "111111111111" && arn.names == ["sm", "run-1"])
        #expect(arn.text == "arn:aws:states:eu-west-1:111111111111:execution:sm:run-1")
        #expect(throws: AWSError.self) { try ResourceArn.parse("arn:aws:states:us-east-1::stateMachine:x") }
    }

    @Test func namesFollowAWSRules() throws {
        try ResourceName.validate("good-name_1.2")
        for bad in ["has space", "a/b", "a:b", "tab\there", "q?", "x*", "#", "ctl\u{7}"] {
            #expect(throws: AWSError.invalidName(bad)) { try ResourceName.validate(bad) }
        }
        #expect(throws: AWSError.self) { try ResourceName.validate(String(repeating: "x", count: 81)) }
        #expect(throws: AWSError.self) { try ResourceName.validate("") }
    }

    @Test func pageTokensAreCheckedAndScoped() throws {
        let tokens = PageTokens(secret: "s3cret")
        let token = tokens.make(operation: "ListExecutions", scope: "arn|RUNNING", cursor: "1700|arn:x")
        #expect(try tokens.cursor(token, operation: "ListExecutions", scope: "arn|RUNNING") == "1700|arn:x")
        #expect(throws: AWSError.self) { try tokens.cursor(token, operation: "ListExecutions", scope: "arn|") }
        #expect(throws: AWSError.self) { try tokens.cursor(token, operation: "ListStateMachines", scope: "arn|RUNNING") }
        #expect(throws: AWSError.self) {
            try PageTokens(secret: "other").cursor(token, operation: "ListExecutions", scope: "arn|RUNNING")
        }
        var tampered = Array(token.utf8)
        tampered[4] = tampered[4] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        #expect(throws: AWSError.self) {
            try tokens.cursor(String(decoding: tampered, as: UTF8.self), operation: "ListExecutions", scope: "arn|RUNNING")
        }
        #expect(throws: AWSError.self) { try tokens.cursor("garbage", operation: "ListExecutions", scope: "") }
    }
}
