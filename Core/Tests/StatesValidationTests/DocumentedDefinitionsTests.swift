import SluiceJSON
import StatesValidation
import Testing

/// Shapes from AWS's documentation that AWS accepts; none may be refused.
@Suite struct DocumentedDefinitionsTests {
    static let definitions: [String] = [
        // Distributed Map over a CSV file, with batching, tolerated failures and a result writer.
        #"""
        {"Comment":"Distributed map","StartAt":"Map","States":{"Map":{"Type":"Map",
          "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW","MaxItems":100},
            "Parameters":{"Bucket":"b","Key.$":"$.key"}},
          "ItemBatcher":{"MaxItemsPerBatch":10,"MaxInputBytesPerBatch":1024,"BatchInput":{"factor.$":"$.factor"}},
          "ItemSelector":{"index.$":"$$.Map.Item.Index","value.$":"$$.Map.Item.Value"},
          "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},
          "MaxConcurrency":1000,"ToleratedFailurePercentage":5,"Label":"csv-map",
          "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out","Prefix":"runs"},"WriterConfig":{"Transformation":"FLATTEN","OutputType":"JSONL"}},
          "ResultPath":"$.map","End":true}}}
        """#,
        // Legacy inline Map with Iterator and Parameters.
        #"""
        {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","Parameters":{"item.$":"$$.Map.Item.Value"},"MaxConcurrency":0,
          "Iterator":{"StartAt":"W","States":{"W":{"Type":"Wait","SecondsPath":"$.item.wait","End":true}}},"End":true}}}
        """#,
        // Task with retries, catchers, timeouts and credentials.
        #"""
        {"StartAt":"Call","States":{
          "Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST","Payload.$":"$"},
            "Credentials":{"RoleArn.$":"$.role"},"TimeoutSecondsPath":"$.timeout","HeartbeatSeconds":60,"ResultSelector":{"body.$":"$.Payload"},"ResultPath":"$.result","OutputPath":"$.result",
            "Retry":[{"ErrorEquals":["Lambda.ServiceException","Lambda.TooManyRequestsException"],"IntervalSeconds":2,"MaxAttempts":6,"BackoffRate":2,"MaxDelaySeconds":30,"JitterStrategy":"FULL"},
                     {"ErrorEquals":["States.ALL"],"MaxAttempts":0}],
            "Catch":[{"ErrorEquals":["States.TaskFailed"],"ResultPath":"$.error","Next":"Handle"},{"ErrorEquals":["States.ALL"],"Next":"Handle"}],
            "Next":"Check"},
          "Check":{"Type":"Choice","Choices":[
              {"And":[{"Variable":"$.result.count","IsPresent":true},{"Not":{"Variable":"$.result.count","NumericLessThan":0}}],"Next":"Done"},
              {"Variable":"$.result.when","TimestampLessThanEqualsPath":"$.deadline","Next":"Later"},
              {"Variable":"$.result.name","StringMatches":"log-*.txt","Next":"Done"}],
            "Default":"Handle"},
          "Later":{"Type":"Wait","TimestampPath":"$.deadline","Next":"Done"},
          "Handle":{"Type":"Fail","ErrorPath":"$.error.Error","CausePath":"States.Format('failed: {}', $.error.Cause)"},
          "Done":{"Type":"Succeed","OutputPath":"$.result"}}}
        """#,
        // Parallel with result selection and variables.
        #"""
        {"StartAt":"Both","States":{"Both":{"Type":"Parallel","Assign":{"first.$":"$[0]"},"ResultSelector":{"a.$":"$[0]","b.$":"$[1]"},
          "Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"x":1},"End":true}}},{"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}],
          "Next":"End"},"End":{"Type":"Pass","Parameters":{"first.$":"$first"},"End":true}}}
        """#,
        // JSONata machine: Arguments, Output, Assign, Items, Condition, expressions in numbers.
        #"""
        {"QueryLanguage":"JSONata","StartAt":"Call","States":{
          "Call":{"Type":"Task","Resource":"arn:aws:states:::http:invoke","Arguments":{"ApiEndpoint":"https://example.com","Method":"GET","Authentication":{"ConnectionArn":"arn:aws:events:us-east-1:123456789012:connection/c/1"}},
            "TimeoutSeconds":"{% $states.input.timeout %}","Output":"{% $states.result.ResponseBody %}","Assign":{"status":"{% $states.result.StatusCode %}"},
            "Catch":[{"ErrorEquals":["States.ALL"],"Output":"{% $states.errorOutput %}","Assign":{"failed":true},"Next":"Each"}],"Next":"Each"},
          "Each":{"Type":"Map","Items":"{% $states.input.items %}","MaxConcurrency":"{% 2 %}","ItemSelector":{"v":"{% $states.context.Map.Item.Value %}"},
            "ItemProcessor":{"StartAt":"Wait","States":{"Wait":{"Type":"Wait","Seconds":"{% $states.input.v %}","End":true}}},"Next":"Pick"},
          "Pick":{"Type":"Choice","Choices":[{"Condition":"{% $status = 200 %}","Output":{"ok":true},"Next":"Ok"}],"Default":"Bad"},
          "Ok":{"Type":"Succeed","Output":"{% $states.input %}"},
          "Bad":{"Type":"Fail","Error":"{% 'Status' & $string($status) %}","Cause":"bad status"}}}
        """#,
        // A JSONata state inside a JSONPath machine.
        #"""
        {"StartAt":"J","Version":"1.0","TimeoutSeconds":3600,"States":{"J":{"Type":"Pass","QueryLanguage":"JSONata","Output":{"n":"{% 1 + 1 %}"},"End":true}}}
        """#,
    ]

    @Test(arguments: definitions.indices) func documentedShapeIsAccepted(index: Int) {
        let diagnostics = DefinitionValidator.validate(text: Self.definitions[index])
        #expect(diagnostics.isEmpty, "\(DefinitionValidator.invalidDefinitionMessage(diagnostics))")
    }
}
