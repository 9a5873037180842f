// Typed decoding of the GNU notes: NT_GNU_BUILD_ID, NT_GNU_ABI_TAG and
// NT_GNU_PROPERTY_TYPE_0.
//
// LSB Core, "Note Section" (ABI tag), GNU ld --build-id, and the x86-64
// and AArch64 psABIs ("Program Property"): a property note's descriptor is
// an array of { pr_type: u32, pr_datasz: u32, pr_data[pr_datasz] }, each
// padded to 8 bytes in ELF64 and 4 in ELF32. Types 0xc0000000-0xdfffffff
// are processor-specific, so decoding them needs e_machine.

/// The descriptor of NT_GNU_ABI_TAG: the OS and the oldest kernel ABI.
public struct ElfGNUABITag: Sendable, Equatable {
    /// 0 Linux, 1 GNU/Hurd, 2 Solaris, 3 FreeBSD (LSB).
    public let os: UInt32
    public let major: UInt32
    public let minor: UInt32
    public let patch: UInt32

    /// The OS name as readelf prints it, or nil for an unknown number.
    public var osName: String? {
        switch os {
        case 0: return "Linux"
        case 1: return "Hurd"
        case 2: return "Solaris"
        case 3: return "FreeBSD"
        case 4: return "NetBSD"
        case 5: return "Syllable"
        case 6: return "NaCl"
        default: return nil
        }
    }
}

extension ElfNote {
    /// The build-id bytes of an NT_GNU_BUILD_ID note, or nil for another note.
    public var gnuBuildID: UnsafeRawBufferPointer? {
        isOwned(by: "GNU") && type == .gnuBuildID ? descriptor : nil
    }

    /// The ABI tag of an NT_GNU_ABI_TAG note, or nil for another note.
    /// A descriptor shorter than four words is an error.
    public func gnuABITag() throws(ElfError) -> ElfGNUABITag? {
        guard isOwned(by: "GNU"), type == .gnuABITag else { return nil }
        guard descriptor.count >= 16 else {
            throw .badValue(structure: .note, field: .descriptorSize, offset: offset)
        }
        let r = FieldReader(bytes: descriptor, order: byteOrder)
        return ElfGNUABITag(os: r.u32(0), major: r.u32(4), minor: r.u32(8), patch: r.u32(12))
    }

    /// The properties of an NT_GNU_PROPERTY_TYPE_0 note, or nil for another note.
    public func gnuProperties(machine: ElfMachine) -> ElfGNUPropertyIterator? {
        guard isOwned(by: "GNU"), type == .gnuPropertyType0 else { return nil }
        return ElfGNUPropertyIterator(note: self, machine: machine)
    }
}

/// GNU_PROPERTY_X86_ISA_1_* bits (x86-64 psABI, "Program Properties").
public struct ElfX86ISA: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static var baseline: Self { Self(rawValue: 1) }
    public static var v2: Self { Self(rawValue: 2) }
    public static var v3: Self { Self(rawValue: 4) }
    public static var v4: Self { Self(rawValue: 8) }
}

/// GNU_PROPERTY_X86_FEATURE_1_* bits (CET and LAM).
public struct ElfX86Feature1: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static var ibt: Self { Self(rawValue: 1) }
    public static var shstk: Self { Self(rawValue: 2) }
    public static var lamU48: Self { Self(rawValue: 4) }
    public static var lamU57: Self { Self(rawValue: 8) }
}

/// GNU_PROPERTY_AARCH64_FEATURE_1_* bits (AArch64 ELF ABI).
public struct ElfAArch64Feature1: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static var bti: Self { Self(rawValue: 1) }
    public static var pac: Self { Self(rawValue: 2) }
    public static var gcs: Self { Self(rawValue: 4) }
}

/// What a property says, for the kinds this reader decodes.
public enum ElfGNUPropertyValue: Sendable {
    /// GNU_PROPERTY_STACK_SIZE (1): a word of the file's class.
    case stackSize(UInt64)
    /// GNU_PROPERTY_NO_COPY_ON_PROTECTED (2): no data.
    case noCopyOnProtected
    /// GNU_PROPERTY_X86_ISA_1_NEEDED (0xc0008002).
    case x86ISANeeded(ElfX86ISA)
    /// GNU_PROPERTY_X86_ISA_1_USED (0xc0010002).
    case x86ISAUsed(ElfX86ISA)
    /// GNU_PROPERTY_X86_FEATURE_1_AND (0xc0000002).
    case x86Feature1And(ElfX86Feature1)
    /// GNU_PROPERTY_AARCH64_FEATURE_1_AND (0xc0000000).
    case aarch64Feature1And(ElfAArch64Feature1)
    /// Anything else: see `ElfGNUProperty.data`.
    case raw
}

/// One program property.
public struct ElfGNUProperty {
    /// Offset of the property's pr_type inside the note's descriptor.
    public let offsetInDescriptor: Int
    /// pr_type.
    public let type: UInt32
    /// pr_data, exactly pr_datasz bytes.
    public let data: UnsafeRawBufferPointer
    public let value: ElfGNUPropertyValue
}

/// Iterates the properties of one NT_GNU_PROPERTY_TYPE_0 note.
public struct ElfGNUPropertyIterator {
    let note: ElfNote
    let machine: ElfMachine
    var position = 0

    init(note: ElfNote, machine: ElfMachine) {
        self.note = note
        self.machine = machine
    }

    public mutating func next() throws(ElfError) -> ElfGNUProperty? {
        let bytes = note.descriptor
        if position == bytes.count { return nil }
        let at = note.offset + position
        let r = ByteReader(bytes, order: note.byteOrder)
        let header: FieldReader
        do throws(ElfError) {
            header = try r.record(at: UInt64(position), size: 8, structure: .gnuProperty)
        } catch {
            throw .truncated(structure: .gnuProperty, offset: at)
        }
        let type = header.u32(0)
        let size = UInt64(header.u32(4))
        let dataStart = UInt64(position) + 8
        guard size <= UInt64(bytes.count) - dataStart else {
            throw .outOfBounds(structure: .gnuProperty, field: .size, offset: at)
        }
        let data = UnsafeRawBufferPointer(rebasing: bytes[Int(dataStart)..<Int(dataStart + size)])
        let align: UInt64 = note.fileClass == .elf64 ? 8 : 4
        let end = (dataStart + size + align - 1) & ~(align - 1)
        position = end < UInt64(bytes.count) ? Int(end) : bytes.count
        return ElfGNUProperty(
            offsetInDescriptor: Int(dataStart) - 8, type: type, data: data,
            value: try decode(type: type, data: data, at: at))
    }

    func decode(type: UInt32, data: UnsafeRawBufferPointer, at: Int) throws(ElfError) -> ElfGNUPropertyValue {
        let r = FieldReader(bytes: data, order: note.byteOrder)
        func word() throws(ElfError) -> UInt32 {
            guard data.count == 4 else { throw .badValue(structure: .gnuProperty, field: .size, offset: at) }
            return r.u32(0)
        }
        switch type {
        case 1:
            let width = note.fileClass == .elf64 ? 8 : 4
            guard data.count == width else { throw .badValue(structure: .gnuProperty, field: .size, offset: at) }
            return .stackSize(width == 8 ? r.u64(0) : UInt64(r.u32(0)))
        case 2:
            return .noCopyOnProtected
        default:
            break
        }
        if machine == .x86_64 || machine == .i386 {
            switch type {
            case 0xc000_8002: return .x86ISANeeded(ElfX86ISA(rawValue: try word()))
            case 0xc001_0002: return .x86ISAUsed(ElfX86ISA(rawValue: try word()))
            case 0xc000_0002: return .x86Feature1And(ElfX86Feature1(rawValue: try word()))
            default: return .raw
            }
        }
        if machine == .aarch64, type == 0xc000_0000 {
            return .aarch64Feature1And(ElfAArch64Feature1(rawValue: try word()))
        }
        return .raw
    }
}
