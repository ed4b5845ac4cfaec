// swift-tools-version: 6.0
// Sluice: the `sluice` command and (in later targets) the server. The dependency-free engine lives in
// Core/ so that it builds and tests in seconds.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Sluice",
    products: [
        .executable(name: "sluice", targets: ["sluice"])
    ],
    dependencies: [
        .package(path: "Core"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .executableTarget(
            name: "sluice",
            dependencies: [
                .product(name: "SluiceJSON", package: "Core"),
                .product(name: "StatesValidation", package: "Core"),
                .product(name: "StatesLanguage", package: "Core"),
                .product(name: "StatesInterpreter", package: "Core"),
                .product(name: "StatesRunner", package: "Core"),
                .product(name: "StatesJSONata", package: "Core"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(name: "SluiceCLITests", dependencies: ["sluice"], swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v6]
)
