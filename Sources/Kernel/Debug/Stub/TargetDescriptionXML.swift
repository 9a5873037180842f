import GDBStub

/// The target description the stub serves through `qXfer:features:read`.
/// Same registers, order and sizes as QEMU's x86_64 gdbstub (feature
/// org.gnu.gdb.i386.core plus the system registers), so `info registers`
/// and `g` agree between the two stubs. Numbers follow gdb's amd64 numbering:
/// RegisterLayout must match. The registers both x86-64 targets have come
/// from GDBStub's AMD64FeatureXML. Then orig_rax in org.gnu.gdb.i386.linux (group
/// system: not in `info registers`): gdb offers `catch syscall` only when the
/// description has it.
enum TargetDescriptionXML {
    /// The document, part by part (nil past the last).
    static func part(_ index: Int) -> StaticString? {
        switch index {
        case 0: return header
        case 1: return AMD64FeatureXML.generalRegisters
        case 2: return systemRegisters
        case 3: return AMD64FeatureXML.x87Registers
        case 4: return AMD64FeatureXML.vectorTypes
        case 5: return AMD64FeatureXML.xmmRegisters
        case 6: return tail
        default: return nil
        }
    }

    private static let header: StaticString = """
<?xml version="1.0"?>
<!DOCTYPE target SYSTEM "gdb-target.dtd">
<target version="1.0">
<architecture>i386:x86-64</architecture>
<feature name="org.gnu.gdb.i386.core">

"""

    private static let systemRegisters: StaticString = """
<reg name="fs_base" bitsize="64" type="int64"/>
<reg name="gs_base" bitsize="64" type="int64"/>
<reg name="k_gs_base" bitsize="64" type="int64"/>
<reg name="cr0" bitsize="64" type="int64"/>
<reg name="cr2" bitsize="64" type="int64"/>
<reg name="cr3" bitsize="64" type="int64"/>
<reg name="cr4" bitsize="64" type="int64"/>
<reg name="cr8" bitsize="64" type="int64"/>
<reg name="efer" bitsize="64" type="int64"/>

"""

    private static let tail: StaticString = """
<reg name="mxcsr" bitsize="32" type="int" group="vector"/>
</feature>
<feature name="org.gnu.gdb.i386.linux">
<reg name="orig_rax" bitsize="64" type="int" group="system"/>
</feature>
</target>
"""
}
