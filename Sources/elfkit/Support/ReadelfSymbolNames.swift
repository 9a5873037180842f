// readelf's names for symbol types, bindings and visibilities (split from
// ReadelfNames.swift to keep files short).

extension ReadelfNames {
    // MARK: Symbols

    static func symbolType(_ t: UInt8, machine: UInt16, osABI: UInt8) -> StaticString? {
        switch t {
        case 0: return "NOTYPE"
        case 1: return "OBJECT"
        case 2: return "FUNC"
        case 3: return "SECTION"
        case 4: return "FILE"
        case 5: return "COMMON"
        case 6: return "TLS"
        case 8: return "RELC"
        case 9: return "SRELC"
        case 10 where osABI == 0 || osABI == 3 || osABI == 9: return "IFUNC"
        case 13 where machine == 40: return "THUMB_FUNC"
        default: return nil
        }
    }

    static func symbolTypeFallback(_ t: UInt8) -> String {
        if t >= 13 { return "<processor specific>: " + String(t) }
        if t >= 10 { return "<OS specific>: " + String(t) }
        return "<unknown>: " + String(t)
    }

    static func symbolBinding(_ b: UInt8, osABI: UInt8) -> StaticString? {
        switch b {
        case 0: return "LOCAL"
        case 1: return "GLOBAL"
        case 2: return "WEAK"
        case 10 where osABI == 3: return "UNIQUE"
        default: return nil
        }
    }

    static func symbolBindingFallback(_ b: UInt8) -> String {
        if b >= 13 { return "<processor specific>: " + String(b) }
        if b >= 10 { return "<OS specific>: " + String(b) }
        return "<unknown>: " + String(b)
    }

    static func symbolVisibility(_ v: UInt8) -> StaticString {
        switch v & 3 {
        case 0: return "DEFAULT"
        case 1: return "INTERNAL"
        case 2: return "HIDDEN"
        default: return "PROTECTED"
        }
    }
}
