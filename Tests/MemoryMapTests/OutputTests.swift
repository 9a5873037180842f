import Foundation
import Testing
@testable import MemoryMap

@Suite struct OutputTests {
    @Test func noEscapesWithoutColor() {
        let text = renderMemoryMap(kernelLike, options: RenderOptions(width: 100, color: false))
        #expect(!text.contains("\u{1B}"))
        let weird = [Region(start: 0, end: 0x1000, name: "evil\u{1B}[31m", kind: "k\u{1B}")]
        #expect(!renderMemoryMap(weird, options: RenderOptions(color: false)).contains("\u{1B}"))
    }

    @Test func colorsWhenAsked() {
        let basic = renderMemoryMap(kernelLike, options: RenderOptions(width: 100, color: true))
        #expect(basic.contains("\u{1B}[31m"))
        let rich = renderMemoryMap(kernelLike, options: RenderOptions(width: 100, color: true, colorDepth: .ansi256))
        #expect(rich.contains("\u{1B}[38;5;"))
    }

    @Test(arguments: [24, 40, 60, 80, 100, 160])
    func widthIsRespected(width: Int) {
        let long = kernelLike + [Region(start: 0x9000_0000_0000, end: 0x9000_0000_1000,
                                        name: String(repeating: "very long name ", count: 20), kind: "a rather long kind name")]
        for color in [false, true] {
            for scale in [Scale.linear, .compressed, .auto] {
                let text = renderMemoryMap(long, options: RenderOptions(width: width, color: color, scale: scale))
                for line in lines(text) {
                    #expect(visibleWidth(line) <= width, "\(line)")
                }
            }
        }
    }

    @Test func tableShowsRegions() {
        let text = renderMemoryMap(kernelLike, options: RenderOptions(width: 100, showBar: false, showLegend: false))
        let rows = lines(text)
        #expect(rows[0].contains("START"))
        #expect(rows.contains { $0.contains("0x000000100000") && $0.contains("512.0 KiB") && $0.contains("r-x") && $0.contains("kernel .text") })
        #expect(rows.contains { $0.contains("16.0 KiB") && $0.contains("rw-u") && $0.contains("stack 1") })
    }

    @Test func legendListsKinds() {
        let legend = renderLegend(mergeRegions(kernelLike), options: RenderOptions(width: 80))
        #expect(legend.count == 1 + 5)
        #expect(legend.contains { $0.contains("stack") && $0.contains("32.0 KiB") && $0.contains("2 regions") })
    }

    @Test func jsonParsesAndMatches() throws {
        let json = memoryMapJSON(kernelLike)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        let items = try #require(parsed)
        #expect(items.count == kernelLike.count)
        #expect(items[0]["start"] as? String == "0x100000")
        #expect(items[0]["end"] as? String == "0x180000")
        #expect((items[0]["size"] as? NSNumber)?.uint64Value == 0x80000)
        #expect(items[0]["permissions"] as? String == "r-x")
        #expect(items[0]["kind"] as? String == "kernel text")
        #expect(items[4]["permissions"] as? String == "rw-u")
    }

    @Test func jsonEscapesNames() throws {
        let name = "a \"quoted\" \\ back\nslash\ttab\u{01}\u{1F}\u{7F} é 🚀"
        let json = memoryMapJSON([Region(start: 0, end: 16, name: name, kind: "k\"")])
        #expect(!json.contains("\u{01}"))
        #expect(json.contains("\\u0001"))
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        let items = try #require(parsed)
        #expect(items[0]["name"] as? String == name)
        #expect(items[0]["kind"] as? String == "k\"")
    }

    @Test func jsonOfMergedRegions() {
        let json = memoryMapJSON([
            Region(start: 0x1000, end: 0x2000, name: "a", kind: "heap"),
            Region(start: 0x2000, end: 0x3000, name: "a", kind: "heap"),
        ])
        #expect(json == "[\n  {\"start\":\"0x1000\",\"end\":\"0x3000\",\"size\":8192,\"permissions\":\"r--\",\"name\":\"a\",\"kind\":\"heap\"}\n]\n")
        #expect(memoryMapJSON([Region]()) == "[]\n")
    }
}
