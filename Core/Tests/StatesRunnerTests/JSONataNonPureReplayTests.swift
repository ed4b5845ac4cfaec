import Foundation
import SluiceJSON
import StatesJSONata
import StatesLanguage
import StatesRunner
import Testing

/// The JSONata-mode cases of the non-pure corpus (Lambda tasks, catchers, retries around them)
/// replayed with their recorded task outcomes and the real JSONata engine. The recording stubbed
/// the Lambda ARN; the history names it, so the stub is replaced by that name.
@Suite struct JSONataNonPureReplayTests {
    static let lambdaStub = "<stub:<stub:<stub:fixture:create_lambda_function()>[CreateFunctionResponse]>[FunctionArn]>"
    static let lambdaArn = "arn:<partition>:lambda:<region>:111111111111:function:<lambda-function-name>"

    /// Cases whose recording the replay cannot reproduce, and why.
    static let notReplayable: [String: String] = [
        "assign.test_assign_reference_variables.test_assign_in_catch_state": "Lambda ARN stub inside the input",
        "query_language.test_mixed_query_language.test_task_dataflow_to_state": "Lambda ARN stub inside the input",
        "error_handling.test_aws_sdk.test_s3_no_such_key": "S3 bucket fixture in the input",
        "local_mocking.test_base_scenarios.test_numbered_mock_responses_multiple_success_invocations":
            "function name fixture differs from the ARN placeholder",
        "outputdecl.test_output.test_base_task_lambda[BASE_TASK_LAMBDA]": "function name fixture in the input",
        "credentials.test_credentials_base.test_cross_account_states_start_sync_execution[SFN_START_EXECUTION_SYNC_ROLE_ARN_JSONATA]":
            "nested .sync execution events",
        "states_variables.test_error_output.test_parallel_catch_error[PARALLEL_CATCH_ERROR_OUTPUT]":
            "sorted Parallel events (parallel_events_sorted)",
        "states_variables.test_error_output.test_parallel_catch_error[PARALLEL_CATCH_ERROR_OUTPUT_WITH_RETRY]":
            "sorted Parallel events (parallel_events_sorted)",
        "states_variables.test_error_output.test_parallel_catch_error[PARALLEL_CATCH_ERROR_VARIABLE_SAMPLING]":
            "sorted Parallel events (parallel_events_sorted)",
    ]

    @Test func replay() async throws {
        var failures: [String] = []
        var passed = 0
        for name in CorpusCase.names(folder: "nonpure") {
            guard let c = try? CorpusCase(name, folder: "nonpure"), c.definitionText.contains("\"JSONata\""),
                !c.definitionText.contains("ItemReader"), case .array(let history)? = c.expected["history"]
            else { continue }
            var text = c.definitionText
            if let lambda = history.lazy.compactMap({ $0["lambdaFunctionScheduledEventDetails"]?["resource"]?.stringValue }).first {
                text = text.replacingOccurrences(
                    of: #""Resource": "<stub:[^"]*>""#, with: "\"Resource\": \"\(lambda)\"", options: .regularExpression)
            }
            text = text.replacingOccurrences(of: JSONataNonPureReplayTests.lambdaStub, with: JSONataNonPureReplayTests.lambdaArn)
            let machine = try StateMachine(text: text)
            let replay = NonPureReplayTests.Replay(NonPureReplayTests.outcomes(history))
            var options = CorpusCase.options
            options.inputText = c.inputText
            let result = await LocalRunner.run(
                definition: machine, input: try JSONValue(parsing: c.inputText), options: options,
                taskHandler: ClosureTaskHandler { _ in await replay.next() }, jsonata: StatesJSONataEngine(definition: machine))
            let differences = c.differences(result)
            if differences.isEmpty {
                passed += 1
            } else if JSONataNonPureReplayTests.notReplayable[name] == nil {
                failures.append("\(name)\n  " + differences.joined(separator: "\n  "))
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(passed >= 26)
    }
}
