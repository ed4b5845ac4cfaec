// swift-tools-version: 6.0
// Sluice: the `sluice` command and the Step Functions server. The dependency-free engine lives in
// Core/ so that it builds and tests in seconds; Hummingbird and GRDB are only needed out here.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Sluice",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sluice", targets: ["sluice"])
    ],
    dependencies: [
        .package(path: "Core"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // Lambda API: unpacking ZipFile code (keeps file modes) and CodeSha256.
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        // The AWS JSON 1.0 protocol layer: AWS-shaped errors, request field reading, ARNs, names,
        // pagination tokens. Pure: depends only on SluiceJSON.
        .target(
            name: "SluiceAPI",
            dependencies: [.product(name: "SluiceJSON", package: "Core")],
            swiftSettings: swiftSettings),
        // DynamoDB's attribute values and expression language (conditions, updates, projections,
        // key conditions). Pure: depends only on SluiceJSON and SluiceDigest (Base64).
        .target(
            name: "DynamoDBExpressions",
            dependencies: [.product(name: "SluiceJSON", package: "Core"), .product(name: "SluiceDigest", package: "Core")],
            swiftSettings: swiftSettings),
        // The DynamoDB API over the store: tables and items, conditional writes, Query and Scan.
        .target(
            name: "SluiceDynamoDB",
            dependencies: ["DynamoDBExpressions", "SluiceStore", .product(name: "SluiceJSON", package: "Core")],
            swiftSettings: swiftSettings),
        // The durable store: SQLite through GRDB (WAL), schema migrations, records.
        .target(
            name: "SluiceStore",
            dependencies: [
                .product(name: "SluiceJSON", package: "Core"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings),
        // The server: operations, the execution engine (durable Standard, in-memory Express), HTTP.
        .target(
            name: "SluiceServer",
            dependencies: [
                "SluiceAPI",
                "SluiceStore",
                "SluiceLambda",
                "SluiceDynamoDB",
                .product(name: "SluiceJSON", package: "Core"),
                .product(name: "StatesValidation", package: "Core"),
                .product(name: "StatesLanguage", package: "Core"),
                .product(name: "StatesInterpreter", package: "Core"),
                .product(name: "StatesRunner", package: "Core"),
                .product(name: "StatesJSONata", package: "Core"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "SluiceDigest", package: "Core"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "sluice",
            dependencies: [
                "SluiceServer",
                "SluiceAPI",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SluiceJSON", package: "Core"),
                .product(name: "StatesValidation", package: "Core"),
                .product(name: "StatesLanguage", package: "Core"),
                .product(name: "StatesInterpreter", package: "Core"),
                .product(name: "StatesRunner", package: "Core"),
                .product(name: "StatesJSONata", package: "Core"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings),
        // Runs users' Lambda functions in local processes through the Lambda Runtime API (NIO HTTP/1.1
        // server per process), plus the event-stream framing of InvokeWithResponseStream.
        .target(
            name: "SluiceLambda",
            dependencies: [
                .product(name: "SluiceJSON", package: "Core"),
                .product(name: "SluiceDigest", package: "Core"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        // Benchmarks of SluiceLambda run by hand: swift run -c release sluice-lambda-bench [iterations]
        .executableTarget(
            name: "sluice-lambda-bench",
            dependencies: ["SluiceLambda", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "SluiceLambdaTests",
            dependencies: [
                "SluiceLambda",
                .product(name: "SluiceJSON", package: "Core"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "DynamoDBExpressionsTests",
            dependencies: ["DynamoDBExpressions", .product(name: "SluiceJSON", package: "Core")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "SluiceDynamoDBTests",
            dependencies: ["SluiceDynamoDB", "SluiceStore", "DynamoDBExpressions", .product(name: "SluiceJSON", package: "Core")],
            swiftSettings: swiftSettings),
        .testTarget(name: "SluiceCLITests", dependencies: ["sluice"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SluiceServerTests",
            dependencies: [
                "SluiceAPI", "SluiceStore", "SluiceServer", "SluiceLambda",
                .product(name: "SluiceJSON", package: "Core"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v6]
)
