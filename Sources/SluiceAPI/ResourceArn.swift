/// A Step Functions ARN taken apart: `arn:PARTITION:states:REGION:ACCOUNT:TYPE:…`.
///
/// Parsing checks the shape only; whether the resource exists is the store's business.
public struct ResourceArn: Sendable, Hashable {
    public var partition: String
    public var region: String
    public var account: String
    /// `stateMachine`, `execution`, `express`, `activity`, `mapRun`, …
    public var resourceType: String
    /// The components after the type (`[NAME]` for a state machine, `[SM, NAME]` for an execution).
    public var names: [String]

    /// Parses any `arn:…:states:…` text. Errors are `InvalidArn` worded as AWS's.
    public static func parse(_ text: String) throws(AWSError) -> ResourceArn {
        guard text.hasPrefix("arn:") else { throw AWSError.invalidArn("Invalid ARN prefix: \(text)") }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 7, parts[2] == "states", !parts[1].isEmpty, !parts[3].isEmpty, !parts[4].isEmpty,
            !parts[5].isEmpty, parts[6...].allSatisfy({ !$0.isEmpty })
        else {
            throw AWSError.invalidArn("Invalid ARN format: \(text)")
        }
        return ResourceArn(
            partition: parts[1], region: parts[3], account: parts[4], resourceType: parts[5],
            names: Array(parts[6...]))
    }

    /// A state machine ARN (unqualified): `…:stateMachine:NAME`.
    public static func stateMachine(_ text: String) throws(AWSError) -> ResourceArn {
        let arn = try parse(text)
        guard arn.resourceType == "stateMachine" else {
            throw AWSError.invalidArn("Resource type not valid in this context: \(arn.resourceType)")
        }
        guard arn.names.count == 1 else { throw AWSError.invalidArn("Invalid ARN format: \(text)") }
        return arn
    }

    /// A state machine ARN, unqualified or qualified with a version number (`…:stateMachine:NAME:N`).
    /// Returns the unqualified ARN and the version. An alias-qualified ARN is refused here.
    public static func stateMachineOrVersion(_ text: String) throws(AWSError) -> (machineArn: String, version: Int?) {
        let (machineArn, qualifier) = try qualifiedStateMachine(text)
        switch qualifier {
        case .none: return (machineArn, nil)
        case .version(let number): return (machineArn, number)
        case .alias: throw AWSError.stateMachineDoesNotExist(text)
        }
    }

    /// What follows a state machine's name in its ARN.
    public enum Qualifier: Sendable, Hashable {
        case none
        case version(Int)
        case alias(String)
    }

    /// A state machine ARN, unqualified, or qualified with a version number or an alias name.
    public static func qualifiedStateMachine(_ text: String) throws(AWSError) -> (machineArn: String, qualifier: Qualifier) {
        let arn = try parse(text)
        guard arn.resourceType == "stateMachine" else {
            throw AWSError.invalidArn("Resource type not valid in this context: \(arn.resourceType)")
        }
        switch arn.names.count {
        case 1: return (text, .none)
        case 2:
            var base = arn
            base.names = [arn.names[0]]
            if arn.names[1].allSatisfy({ $0.isASCII && $0.isNumber }) {
                guard let version = Int(arn.names[1]), version > 0 else { throw AWSError.stateMachineDoesNotExist(text) }
                return (base.text, .version(version))
            }
            return (base.text, .alias(arn.names[1]))
        default: throw AWSError.invalidArn("Invalid ARN format: \(text)")
        }
    }

    /// A Standard execution ARN: `…:execution:SM:NAME`. Express execution ARNs are refused with
    /// AWS's message (`Resource type not valid in this context: express`).
    public static func execution(_ text: String) throws(AWSError) -> ResourceArn {
        let arn = try parse(text)
        guard arn.resourceType == "execution" else {
            throw AWSError.invalidArn("Resource type not valid in this context: \(arn.resourceType)")
        }
        guard arn.names.count == 2 else { throw AWSError.invalidArn("Invalid ARN format: \(text)") }
        return arn
    }

    /// An activity ARN: `…:activity:NAME`.
    public static func activity(_ text: String) throws(AWSError) -> ResourceArn {
        let arn = try parse(text)
        guard arn.resourceType == "activity" else {
            throw AWSError.invalidArn("Resource type not valid in this context: \(arn.resourceType)")
        }
        guard arn.names.count == 1 else { throw AWSError.invalidArn("Invalid ARN format: \(text)") }
        return arn
    }

    public var text: String {
        "arn:\(partition):states:\(region):\(account):\(resourceType):\(names.joined(separator: ":"))"
    }
}

/// Where this server lives: the partition, region and account its ARNs carry.
public struct ServiceLocation: Sendable, Hashable {
    public var partition: String
    public var region: String
    public var account: String

    public init(partition: String = "aws", region: String = "us-east-1", account: String = "123456789012") {
        self.partition = partition
        self.region = region
        self.account = account
    }

    public func stateMachineArn(name: String) -> String {
        "arn:\(partition):states:\(region):\(account):stateMachine:\(name)"
    }

    public func executionArn(machine: String, name: String) -> String {
        "arn:\(partition):states:\(region):\(account):execution:\(machine):\(name)"
    }

    public func activityArn(name: String) -> String {
        "arn:\(partition):states:\(region):\(account):activity:\(name)"
    }

    public func expressExecutionArn(machine: String, name: String, id: String) -> String {
        "arn:\(partition):states:\(region):\(account):express:\(machine):\(name):\(id)"
    }
}
