import GDBStub

/// The amd64-linux target description served through
/// `qXfer:features:read:target.xml`: gdb's features org.gnu.gdb.i386.core,
/// .sse, .linux (orig_rax) and .segments (fs_base, gs_base), with the
/// register numbers and sizes of `AMD64RegisterFile` (no AVX: ptrace's
/// PTRACE_GETFPREGS gives the FXSAVE area only). The registers both x86-64
/// targets have come from GDBStub's AMD64FeatureXML.
enum AMD64LinuxDescription {
    /// The document, part by part (nil past the last).
    static func part(_ index: Int) -> StaticString? {
        switch index {
        case 0: return header
        case 1: return AMD64FeatureXML.generalRegisters
        case 2: return AMD64FeatureXML.x87Registers
        case 3: return sseFeature
        case 4: return AMD64FeatureXML.vectorTypes
        case 5: return mxcsrFlags
        case 6: return AMD64FeatureXML.xmmRegisters
        case 7: return tail
        default: return nil
        }
    }

    private static let header: StaticString = """
<?xml version="1.0"?>
<!DOCTYPE target SYSTEM "gdb-target.dtd">
<target version="1.0">
<architecture>i386:x86-64</architecture>
<osabi>GNU/Linux</osabi>
<feature name="org.gnu.gdb.i386.core">

"""

    private static let sseFeature: StaticString = """
</feature>
<feature name="org.gnu.gdb.i386.sse">

"""

    private static let mxcsrFlags: StaticString = """
<flags id="i386_mxcsr" size="4">
<field name="IE" start="0" end="0"/><field name="DE" start="1" end="1"/><field name="ZE" start="2" end="2"/>
<field name="OE" start="3" end="3"/><field name="UE" start="4" end="4"/><field name="PE" start="5" end="5"/>
<field name="DAZ" start="6" end="6"/><field name="IM" start="7" end="7"/><field name="DM" start="8" end="8"/>
<field name="ZM" start="9" end="9"/><field name="OM" start="10" end="10"/><field name="UM" start="11" end="11"/>
<field name="PM" start="12" end="12"/><field name="FZ" start="15" end="15"/>
</flags>

"""

    private static let tail: StaticString = """
<reg name="mxcsr" bitsize="32" type="i386_mxcsr" group="vector"/>
</feature>
<feature name="org.gnu.gdb.i386.linux">
<reg name="orig_rax" bitsize="64" type="int" regnum="57"/>
</feature>
<feature name="org.gnu.gdb.i386.segments">
<reg name="fs_base" bitsize="64" type="int"/>
<reg name="gs_base" bitsize="64" type="int"/>
</feature>
</target>
"""

    /// The whole document (for tests and logs).
    static var document: String {
        var text = ""
        var index = 0
        while let piece = part(index) {
            text += piece.description
            index += 1
        }
        return text
    }
}
