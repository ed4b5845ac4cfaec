import Foundation
import SluiceJSON
import SluiceStore

/// FunctionConfiguration as AWS renders it (GetFunctionConfiguration, CreateFunction, ListFunctions …).
enum FunctionConfiguration {
    static func render(_ r: FunctionRecord) -> JSONValue {
        var o = JSONObject()
        o["FunctionName"] = .string(r.name)
        o["FunctionArn"] = .string(r.arn)
        o["Runtime"] = .string(r.runtime)
        o["Role"] = .string(r.role)
        o["Handler"] = .string(r.handler)
        o["CodeSize"] = .number(JSONNumber(r.codeSize))
        o["Description"] = .string(r.description)
        o["Timeout"] = .int(r.timeoutSeconds)
        o["MemorySize"] = .int(r.memorySizeMB)
        o["LastModified"] = .string(WireTimestamps.lastModified(r.lastModifiedMs))
        o["CodeSha256"] = .string(r.codeSha256)
        o["Version"] = "$LATEST"
        let variables = environment(r)
        if !variables.isEmpty {
            o["Environment"] = .object(["Variables": .object(JSONObject(variables.map { ($0.key, JSONValue.string($0.value)) }))])
        }
        o["TracingConfig"] = ["Mode": "PassThrough"]
        o["RevisionId"] = .string(r.revisionId)
        o["State"] = "Active"
        o["LastUpdateStatus"] = "Successful"
        o["PackageType"] = "Zip"
        o["Architectures"] = (try? JSONValue(parsing: r.architectures)) ?? ["x86_64"]
        o["EphemeralStorage"] = ["Size": 512]
        o["SnapStart"] = ["ApplyOn": "None", "OptimizationStatus": "Off"]
        o["LoggingConfig"] = ["LogFormat": "Text", "LogGroup": .string("/aws/lambda/\(r.name)")]
        return .object(o)
    }

    /// The environment variables in their stored order.
    static func environment(_ r: FunctionRecord) -> [(key: String, value: String)] {
        guard let object = (try? JSONValue(parsing: r.environment))?.objectValue else { return [] }
        return object.compactMap { member in member.value.stringValue.map { (member.key, $0) } }
    }
}
