// swift-tools-version:6.1
// Host side of Keel. The kernel itself (Sources/Kernel) is built by `make kernel`
// with swiftc in Embedded mode and linked with ld.lld; it is not a SwiftPM target
// because Embedded-only code does not build for the host.
import PackageDescription

let package = Package(
    name: "Keel",
    products: [
        .library(name: "ElfKit", targets: ["ElfKit"]),
        .library(name: "Allocators", targets: ["Allocators"]),
        .library(name: "Paging", targets: ["Paging"]),
        .library(name: "GDBStub", targets: ["GDBStub"]),
        .library(name: "BootArchive", targets: ["BootArchive"]),
        .library(name: "KeelABI", targets: ["KeelABI"]),
        .executable(name: "kernel-symbols", targets: ["kernel-symbols"]),
        .executable(name: "elfkit", targets: ["elfkit"]),
        .executable(name: "paging-calc", targets: ["paging-calc"]),
        .executable(name: "kdbg", targets: ["kdbg"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Portable modules: also compiled into the kernel in Embedded mode.
        .target(name: "ElfKit"),
        .target(name: "Allocators"),
        .target(name: "Paging"),
        .target(name: "GDBStub"),
        .target(name: "KeelABI"),
        .target(name: "BootArchive"),
        // Host-only.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CZstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CLZ4", providers: [.apt(["liblz4-dev"])]),
        .target(name: "ElfKitDWARF", dependencies: ["ElfKit", "CZlib", "CZstd"]),
        .target(name: "MemoryMap"),
        .systemLibrary(name: "CPtrace"),
        .target(name: "LinuxDebugTarget", dependencies: ["GDBStub", "CPtrace"]),
        .target(name: "SyscallTrace", dependencies: ["LinuxDebugTarget", "CPtrace"]),
        .systemLibrary(name: "CCapstone", pkgConfig: "capstone", providers: [.apt(["libcapstone-dev"])]),
        .systemLibrary(name: "CReadline", pkgConfig: "readline", providers: [.apt(["libreadline-dev"])]),
        .target(
            name: "KernelDebugger",
            dependencies: ["GDBStub", "ElfKit", "ElfKitDWARF", "Paging", "MemoryMap", "CCapstone", "CReadline"]),
        .executableTarget(
            name: "kdbg",
            dependencies: [
                "KernelDebugger", "GDBStub", "LinuxDebugTarget", "SyscallTrace",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "paging-calc",
            dependencies: [
                "Paging", "MemoryMap",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "elfkit",
            dependencies: [
                "ElfKit", "ElfKitDWARF", "MemoryMap", "BootArchive", "CLZ4",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "kernel-symbols",
            dependencies: [
                "ElfKit", "ElfKitDWARF",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "ElfKitTests", dependencies: ["ElfKit", "ElfKitDWARF", "TestSupport"]),
        .testTarget(name: "ElfKitDWARFTests", dependencies: ["ElfKit", "ElfKitDWARF", "TestSupport"]),
        .testTarget(name: "ElfkitToolTests", dependencies: ["ElfKit", "BootArchive", "TestSupport"]),
        .testTarget(name: "AllocatorsTests", dependencies: ["Allocators"]),
        .testTarget(name: "PagingTests", dependencies: ["Paging", "TestSupport"]),
        .testTarget(name: "MemoryMapTests", dependencies: ["MemoryMap"]),
        .testTarget(name: "PagingCalcTests", dependencies: ["Paging", "TestSupport"]),
        .testTarget(name: "GDBStubTests", dependencies: ["GDBStub"]),
        .testTarget(name: "BootArchiveTests", dependencies: ["BootArchive", "CLZ4", "TestSupport"]),
        .target(name: "QEMUTestSupport", dependencies: ["TestSupport"], path: "Tests/QEMUTestSupport"),
        .testTarget(name: "KernelTests", dependencies: ["ElfKit", "BootArchive", "QEMUTestSupport"]),
        .testTarget(name: "GDBTests", dependencies: ["QEMUTestSupport"]),
        .testTarget(name: "PagingQEMUTests", dependencies: ["Paging", "QEMUTestSupport", "TestSupport"]),
        .testTarget(name: "KeelABITests", dependencies: ["KeelABI"]),
        .testTarget(name: "LinuxDebugTargetTests", dependencies: ["LinuxDebugTarget", "GDBStub", "TestSupport"]),
        .testTarget(name: "SyscallTraceTests", dependencies: ["SyscallTrace", "TestSupport"]),
        .testTarget(name: "KernelDebuggerTests", dependencies: ["KernelDebugger", "GDBStub", "ElfKit", "QEMUTestSupport"]),
        .testTarget(name: "KdbgQEMUTests", dependencies: ["QEMUTestSupport", "TestSupport"]),
    ]
)
