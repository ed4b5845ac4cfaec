// swift-tools-version: 6.0
// The dependency-free core of Sluice: JSON, the States Language (JSONPath mode), validation,
// the pure interpreter and JSONata. It builds and tests in seconds; the server and its heavy
// dependencies live in the root package.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "SluiceCore",
    products: [
        .library(name: "SluiceJSON", targets: ["SluiceJSON"]),
        .library(name: "SluiceDigest", targets: ["SluiceDigest"]),
        .library(name: "StatesJSONPath", targets: ["StatesJSONPath"]),
        .library(name: "StatesValidation", targets: ["StatesValidation"]),
        .library(name: "StatesLanguage", targets: ["StatesLanguage"]),
        .library(name: "StatesInterpreter", targets: ["StatesInterpreter"]),
        .library(name: "StatesRunner", targets: ["StatesRunner"]),
        .library(name: "SluiceJSONata", targets: ["SluiceJSONata"]),
        .library(name: "StatesJSONata", targets: ["StatesJSONata"]),
        .executable(name: "sluice-bench", targets: ["SluiceBench"]),
    ],
    targets: [
        .target(
            name: "SluiceJSON", swiftSettings: swiftSettings,
            linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),
        .target(name: "SluiceDigest", swiftSettings: swiftSettings),
        .target(name: "StatesJSONPath", dependencies: ["SluiceJSON", "SluiceDigest"], swiftSettings: swiftSettings),
        .target(name: "SluiceJSONata", dependencies: ["SluiceJSON", "SluiceDigest"], swiftSettings: swiftSettings),
        .target(
            name: "StatesJSONata",
            dependencies: ["SluiceJSON", "SluiceJSONata", "StatesValidation", "StatesLanguage", "StatesInterpreter"],
            swiftSettings: swiftSettings),
        .target(
            name: "StatesValidation", dependencies: ["SluiceJSON", "StatesJSONPath"], swiftSettings: swiftSettings),
        .target(
            name: "StatesLanguage", dependencies: ["SluiceJSON", "StatesJSONPath", "StatesValidation"],
            swiftSettings: swiftSettings),
        .target(
            name: "StatesInterpreter", dependencies: ["SluiceJSON", "StatesJSONPath", "StatesLanguage", "StatesValidation"],
            swiftSettings: swiftSettings),
        .target(
            name: "StatesRunner", dependencies: ["SluiceJSON", "StatesLanguage", "StatesInterpreter"],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "SluiceBench",
            dependencies: ["SluiceJSON", "StatesJSONPath", "StatesLanguage", "StatesInterpreter", "StatesRunner", "StatesJSONata", "SluiceJSONata"],
            swiftSettings: swiftSettings),

        .testTarget(name: "SluiceJSONTests", dependencies: ["SluiceJSON"], swiftSettings: swiftSettings),
        .testTarget(name: "SluiceDigestTests", dependencies: ["SluiceDigest"], swiftSettings: swiftSettings),
        .testTarget(
            name: "StatesJSONPathTests", dependencies: ["SluiceJSON", "StatesJSONPath"], swiftSettings: swiftSettings),
        .testTarget(
            name: "StatesValidationTests", dependencies: ["SluiceJSON", "StatesValidation"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "StatesLanguageTests", dependencies: ["SluiceJSON", "StatesLanguage"], swiftSettings: swiftSettings),
        .testTarget(
            name: "StatesInterpreterTests", dependencies: ["SluiceJSON", "StatesLanguage", "StatesInterpreter"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "StatesRunnerTests", dependencies: ["SluiceJSON", "StatesLanguage", "StatesInterpreter", "StatesRunner", "StatesJSONata"],
            swiftSettings: swiftSettings),
        .testTarget(name: "SluiceJSONataTests", dependencies: ["SluiceJSON", "SluiceJSONata"], swiftSettings: swiftSettings),
        .testTarget(
            name: "StatesJSONataTests",
            dependencies: [
                "SluiceJSON", "SluiceJSONata", "StatesValidation", "StatesLanguage", "StatesInterpreter", "StatesRunner",
                "StatesJSONata",
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ConformanceTests",
            dependencies: ["SluiceJSON", "StatesValidation", "StatesLanguage", "StatesInterpreter", "StatesRunner", "StatesJSONata"],
            exclude: ["known-failures.txt"],
            swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v6]
)
