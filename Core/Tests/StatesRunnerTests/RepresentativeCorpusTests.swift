import SluiceJSON
import StatesRunner
import Testing

/// Recorded AWS executions that must match event for event (status, output, error, cause and
/// every history event's id, previousEventId, type and details).
@Suite struct RepresentativeCorpusTests {
    static let cases = [
        "assign.test_assign_base.test_base_cases[BASE_SCOPE_MAP]",
        "assign.test_assign_base.test_base_parallel_cases[BASE_SCOPE_PARALLEL]",
        "assign.test_assign_reference_variables.test_state_assign_evaluation_order[BASE_EVALUATION_ORDER_PASS_STATE]",
        "assign.test_assign_reference_variables.test_assign_in_choice_state[CORRECT]",
        "scenarios.test_base_scenarios.test_parallel_state_catch",
        "scenarios.test_base_scenarios.test_parallel_state_fail",
        "scenarios.test_base_scenarios.test_parallel_state_retry",
        "scenarios.test_base_scenarios.test_map_state_catch",
        "scenarios.test_base_scenarios.test_map_state_break_condition",
        "scenarios.test_base_scenarios.test_map_state_retry_multiple_retriers",
        "scenarios.test_base_scenarios.test_map_state_config_distributed_items_path_from_previous",
        "scenarios.test_base_scenarios.test_map_state_tolerated_failure_count_path[-1]",
        "scenarios.test_base_scenarios.test_max_concurrency_path[NoNumber]",
        "scenarios.test_base_scenarios.test_invalid_jsonpath[ST.INVALID_JSONPATH_IN_INPUTPATH]",
        "scenarios.test_base_scenarios.test_wait_timestamp_path[NO_Z]",
        "base.test_wait.test_base_wait_seconds_path[-1.5]",
        "base.test_wait.test_base_wait_seconds_path[-1]",
        "base.test_wait.test_base_wait_seconds_path[1]",
        "base.test_base.test_state_fail_path",
        "error_handling.test_states_errors.test_start_large_input",
        "context_object.test_context_object.test_error_cause_path",
    ]

    @Test(arguments: cases) func matchesRecording(_ name: String) async throws {
        let c = try CorpusCase(name)
        #expect(c.hasHistory)
        let result = try await c.run()
        let differences = c.differences(result)
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    }
}
