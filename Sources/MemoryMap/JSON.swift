// A small hand-written JSON encoder for the merged regions.

/// Escapes `text` as a JSON string literal, quotes included.
/// Quotes, backslashes and every control character are escaped; other text is kept as is.
public func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029 {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

/// One JSON object for a region:
/// `{"start":"0x…","end":"0x…","size":N,"permissions":"rw-","name":…,"kind":…}`.
public func jsonObject(_ region: Region) -> String {
    "{\"start\":\"\(hexAddress(region.start))\",\"end\":\"\(hexAddress(region.end))\","
        + "\"size\":\(region.size),\"permissions\":\(jsonString(region.permissions.description)),"
        + "\"name\":\(jsonString(region.name)),\"kind\":\(jsonString(region.kind))}"
}

/// The merged regions as a JSON array, one object per line.
public func memoryMapJSON(_ map: MergedMap) -> String {
    if map.regions.isEmpty { return "[]\n" }
    return "[\n" + map.regions.map { "  " + jsonObject($0) }.joined(separator: ",\n") + "\n]\n"
}

/// Merges `regions` and returns them as a JSON array.
public func memoryMapJSON(_ regions: [Region]) -> String {
    memoryMapJSON(mergeRegions(regions))
}
