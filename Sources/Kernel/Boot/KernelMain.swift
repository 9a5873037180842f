import CPU

/// The Swift entry point, called by boot.S in long mode on the boot stack
/// with the physical address of the PVH start info.
@_cdecl("kernel_main")
func kernelMain(_ startInfoAddress: UInt64) -> Never {
    SerialPort.com1.initialize(receiveInterrupt: true)
    SerialPort.com2.initialize(receiveInterrupt: false)      // the GDB stub's port
    KernelLog.log(.info, "Keel kernel 0.1.0 (x86_64, Embedded Swift) booting")

    GlobalDescriptorTable.load()
    InterruptDescriptorTable.load()
    Symbolizer.load()

    let bootInfo = StartInfo(address: startInfoAddress)
    guard bootInfo.isValid else { panic("no valid PVH start info (boot with qemu-system-x86_64 -kernel)") }
    let info = bootInfo.copiedIntoKernel()

    // The GDB stub comes up before anything else can go wrong (no heap needed).
    let gdbMode = KernelCommandLine.rawValue(of: "gdb", in: info.commandLine)
    if gdbMode != .off {
        Debugger.bootInfo = info
        Debugger.start()
        if gdbMode == .wait {
            KernelLog.log(.info, "gdb=wait: waiting for a debugger on COM2")
            Debugger.waitForDebugger()
        }
    }

    PhysicalMemory.initialize(info)
    KernelAddressSpace.build(info)
    KernelHeap.initialize()
    Scheduler.start()

    ProgrammableInterruptController.initialize()
    if Debugger.isEnabled { ProgrammableInterruptController.unmask(irq: 3) }
    Timer.start()
    ConsoleInput.enable()
    cpu_sti()

    BootReport.memoryMap(info, KernelLog.writer)
    BootReport.summary(info, KernelLog.writer)
    InitialRamdisk.load(info)
    ProgramImages.installFromInitialRamdisk()

    let options = KernelCommandLine(info.commandLine)
    if let name = options.value(for: "selftest") {
        Selftests.run(name)
    }
    if options.value(for: "init") != "none" && ProgramImages.find("init") != nil {
        InitTask.run()
    }
    Monitor.run(info)
}
