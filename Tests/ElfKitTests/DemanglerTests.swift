// Swift demangling through the runtime and the backtrace-style simplification.
// Mangled names were taken from objects built with swiftc (normal and
// Embedded) and their full forms checked with swift-demangle.

import ElfKitDWARF
import Foundation
import Testing

struct DemangleCase: CustomStringConvertible, Sendable {
    var mangled: String
    var backtrace: String
    var description: String { mangled }
}

let demangleCases: [DemangleCase] = [
    .init(mangled: "$e6Kernel5kmainyyF", backtrace: "Kernel.kmain()"),
    .init(mangled: "$s6Kernel5kmainyyF", backtrace: "Kernel.kmain()"),
    .init(mangled: "$e6Kernel9SelftestsO9pageFault2at4flagSis6UInt64V_SbtFZ",
          backtrace: "Kernel.Selftests.pageFault(at:flag:)"),
    .init(mangled: "$ss22_ContiguousArrayBufferV20_consumeAndCreateNew14bufferIsUnique15minimumCapacity13growForAppendAByxGSb_SiSbtFSi_Tg5",
          backtrace: "specialized Swift._ContiguousArrayBuffer._consumeAndCreateNew(bufferIsUnique:minimumCapacity:growForAppend:)"),
    .init(mangled: "$e6Kernel5kmainyyFS2i_ySbXEtXEfU_", backtrace: "closure #1 in Kernel.kmain()"),
    .init(mangled: "$e6Kernel5kmainyyFs5UInt8VSiXEfU0_", backtrace: "closure #2 in Kernel.kmain()"),
    .init(mangled: "$e6Kernel9SelftestsO3run_7handlerSiSaySSG_S2i_ySbXEtXEtFZS2i_SStXEfU0_TA",
          backtrace: "partial apply for closure #2 in Kernel.Selftests.run(_:handler:)"),
    .init(mangled: "$e6Kernel9SelftestsO3run_7handlerSiSaySSG_S2i_ySbXEtXEtFZ5localL_yS2iF",
          backtrace: "local(_:) #1 in Kernel.Selftests.run(_:handler:)"),
    .init(mangled: "$s6Kernel5outerSiyF5innerL_1a_S2i_SitF", backtrace: "inner(a:_:) #1 in Kernel.outer()"),
    .init(mangled: "$s6Kernel5outerSiyF6$deferL_yyF", backtrace: "$defer #1 in Kernel.outer()"),
    .init(mangled: "$s6Kernel5outerSiyFyycfU_Tf0s_n", backtrace: "closure #1 in Kernel.outer()"),
    .init(mangled: "$s6Kernel1KCfd", backtrace: "Kernel.K.deinit"),
    .init(mangled: "$s6Kernel3FooV1xACSi_tcfC", backtrace: "Kernel.Foo.init(x:)"),
    .init(mangled: "$s6Kernel3FooV3barSivg", backtrace: "Kernel.Foo.bar.getter"),
    .init(mangled: "$s6Kernel3FooVyS2icig", backtrace: "Kernel.Foo.subscript.getter"),
    .init(mangled: "$s6Kernel3FooV3gen_3optxx_xSgtSzRzs8SendableRzlF", backtrace: "Kernel.Foo.gen(_:opt:)"),
    .init(mangled: "$s6Kernel3FooV3mutyySiz_SidtF", backtrace: "Kernel.Foo.mut(_:_:)"),
    .init(mangled: "$s6Kernel3FooV3run1f3arrS3ic_SDySSSaySiGGtKF", backtrace: "Kernel.Foo.run(f:arr:)"),
    .init(mangled: "$e6Kernel5applyyyySDySiSS_SitGzKcKF", backtrace: "Kernel.apply(_:)"),
    .init(mangled: "$e6Kernel3BoxV3mapyACyqd__Gqd__xXElFSi_s5UInt8VTg5", backtrace: "specialized Kernel.Box.map(_:)"),
    .init(mangled: "$s6Kernel3FooVAA1PA2aDP1pyyFTW",
          backtrace: "protocol witness for Kernel.P.p() in conformance Kernel.Foo : Kernel.P in Kernel"),
    .init(mangled: "$s6Kernel3FooVN", backtrace: "type metadata for Kernel.Foo"),
    .init(mangled: "$sSa6KernelE3extyyF", backtrace: "(extension in Kernel):Swift.Array.ext()"),
    .init(mangled: "$s6Kernel1SV1loiySbAC_ACtFZ", backtrace: "Kernel.S.< infix(_:_:)"),
    .init(mangled: "$es11_StringGutsV19_getForeignCodeUnit33_876ADFC1F0BAC893C8817BD9A4741513LL2ats6UInt16VSi_tF",
          backtrace: "Swift._StringGuts._getForeignCodeUnit(at:)"),
    // Not Swift: passed through unchanged.
    .init(mangled: "isr_stub_14", backtrace: "isr_stub_14"),
    .init(mangled: "memcpy", backtrace: "memcpy"),
    .init(mangled: "_ZN3foo3barEv", backtrace: "_ZN3foo3barEv"),
    .init(mangled: "$x", backtrace: "$x"),
    .init(mangled: "$sNotReallyMangled", backtrace: "$sNotReallyMangled"),
]

@Suite struct DemanglerTests {
    @Test(arguments: demangleCases)
    func backtraceNames(_ c: DemangleCase) {
        #expect(SwiftDemangler.backtraceName(c.mangled) == c.backtrace)
    }

    @Test func fullDemanglingMatchesTheRuntime() {
        #expect(SwiftDemangler.demangle("$e6Kernel5kmainyyF") == "Kernel.kmain() -> ()")
        #expect(SwiftDemangler.demangle("kmain") == nil)
    }

    @Test(arguments: [
        ("Kernel.Selftests.pageFault(at: Swift.UInt64, flag: Swift.Bool) -> Swift.Int", "Kernel.Selftests.pageFault(at:flag:)"),
        ("closure #1 (Swift.Int) -> () in Kernel.foo() -> ()", "closure #1 in Kernel.foo()"),
        ("Kernel.f(_: (Swift.Int, (a: Swift.Int, b: [Swift.Int : (Swift.Int) -> ()])), x: Swift.Int) -> ()", "Kernel.f(_:x:)"),
        ("Kernel.g<A where A: Swift.Collection, A.Element == (Swift.Int, Swift.Int)>(_: A) async throws -> [A.Element]", "Kernel.g(_:)"),
        ("Kernel.Foo.x.modify : Swift.Int with unmangled suffix \".resume.0\"", "Kernel.Foo.x.modify"),
        ("merged Kernel.foo() -> ()", "merged Kernel.foo()"),
        ("generic specialization <Swift.Int> of generic specialization <Swift.UInt8> of Kernel.h<A>(A) -> ()", "specialized Kernel.h(_:)"),
        ("static Swift.Int.>> infix<A where A: Swift.BinaryInteger>(Swift.Int, A) -> Swift.Int", "Swift.Int.>> infix(_:_:)"),
        ("outlined copy of Kernel.Foo", "outlined copy of Kernel.Foo"),
        ("reabstraction thunk helper from @escaping @callee_guaranteed (@guaranteed Swift.String) -> () to @escaping @callee_guaranteed (@in_guaranteed Swift.String) -> ()", "reabstraction thunk helper"),
        ("protocol witness table for Swift.Int : Swift.Hashable in Swift", "protocol witness table for Swift.Int : Swift.Hashable in Swift"),
        ("Kernel.weird(", "Kernel.weird("),
        ("", ""),
    ])
    func simplification(_ full: String, _ expected: String) {
        #expect(BacktraceName.simplify(full) == expected)
    }

    /// Every Swift symbol of a freshly compiled Embedded object: the runtime
    /// demangles it as swift-demangle does, and the backtrace form
    /// of every function has no result type left.
    @Test func agreesWithSwiftDemangleOnRealEmbeddedObject() throws {
        let dir = try TempDir()
        let src = try dir.file("k.swift", """
            public struct Box<T> { var v: T; public func map<U>(_ f: (T) -> U) -> Box<U> { Box<U>(v: f(v)) } }
            public enum Selftests {
              public static func pageFault(at: UInt64, flag: Bool) -> Int { Int(at) }
              public static func run(_ names: [String], handler: (Int, (Bool) -> Void) -> Int) -> Int {
                func local(_ x: Int) -> Int { x + 1 }
                let c = { (y: Int) -> Int in local(y) * 2 }
                return names.reduce(0) { $0 + c($1.utf8.count) } + handler(1) { _ in }
              }
            }
            public func kmain() {
              _ = Selftests.run(["a"]) { a, b in b(true); return a }
              _ = Box(v: 3).map { UInt8($0) }
              var xs = [1]; xs.append(2)
            }
            """)
        let obj = "\(dir.path)/k.o"
        try run(Tools.swiftc, [
            "-target", "x86_64-unknown-none-elf", "-enable-experimental-feature", "Embedded",
            "-wmo", "-parse-as-library", "-Onone", "-module-name", "Kernel", "-c", src, "-o", obj,
        ])
        let names = try run(Tools.nm, ["--defined-only", "-j", obj]).split(separator: "\n").map(String.init)
            .filter { $0.hasPrefix("$e") }
        #expect(names.count > 30)
        let reference = try run(Tools.swiftDemangle, ["--compact"], stdin: names.joined(separator: "\n") + "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (name, expected) in zip(names, reference) {
            // The runtime prints Array<A> where swift-demangle prints [A]
            // (sugar is a printing option), so compare the backtrace forms.
            let full = try #require(SwiftDemangler.demangle(name), "\(name)")
            let short = SwiftDemangler.backtraceName(name)
            // "outlined copy of [A]" keeps its type, where the sugar differs.
            if !expected.hasPrefix("outlined ") {
                #expect(short == BacktraceName.simplify(expected), "\(name): \(full)")
            }
            #expect(!short.contains(" -> "), "\(name): \(short)")
            #expect(!short.contains(" : "), "\(name): \(short)")
        }
        #expect(names.map(SwiftDemangler.backtraceName).contains("Kernel.Selftests.pageFault(at:flag:)"))
    }
}
