# Keel: `make run` boots the kernel, `make test` runs every test.
# Both install what is missing first (make deps).

SHELL := /bin/bash
SWIFT_BIN ?= $(dir $(shell command -v swiftc 2>/dev/null || echo /opt/swift/usr/bin/swiftc))
SWIFT := $(SWIFT_BIN)swift
SWIFTC := $(SWIFT_BIN)swiftc
CLANG := $(SWIFT_BIN)clang
LLD := $(SWIFT_BIN)ld.lld
OBJCOPY := $(SWIFT_BIN)llvm-objcopy
EMBEDDED_LIBS := $(SWIFT_BIN)../lib/swift/embedded/x86_64-unknown-none-elf

KBUILD := .build/kernel
KERNEL := $(KBUILD)/kernel.elf
KSYMS_TOOL := .build/debug/kernel-symbols
KSRC := Sources/Kernel
ARCH := $(KSRC)/Arch/x86_64

# Embedded Swift for a freestanding x86_64 kernel (see shared toolchain facts):
# no red zone (interrupts use the kernel stack), no stack protector, messages
# of fatalError kept (-assert-config Debug) while optimizing.
EMBEDDED_FLAGS := -target x86_64-unknown-none-elf -enable-experimental-feature Embedded \
  -enable-experimental-feature Extern -wmo -parse-as-library -O -g -assert-config Debug \
  -Xfrontend -disable-stack-protector -Xfrontend -function-sections -Xcc -mno-red-zone
C_FLAGS := --target=x86_64-unknown-none-elf -ffunction-sections -ffreestanding -fno-builtin -nostdlib -mno-red-zone \
  -fno-stack-protector -fno-omit-frame-pointer -O2 -g -Wall

PORTABLE_MODULES := ElfKit Allocators Paging GDBStub BootArchive KeelABI
KERNEL_SWIFT := $(shell find $(KSRC) -name '*.swift' 2>/dev/null | sort)
KERNEL_ASM := boot interrupt_entry syscall_entry context_switch
KERNEL_OBJS := $(foreach a,$(KERNEL_ASM),$(KBUILD)/$(a).o) $(KBUILD)/libc.o $(KBUILD)/Kernel.o \
  $(foreach m,$(PORTABLE_MODULES),$(KBUILD)/$(m).o)

# User programs (Sources/Userland): one folder per program under Programs/,
# all linked with the runtime (KeelRuntime), crt0 and the kernel's libc.c
# at the user base address (user.ld), written to .build/kernel/user/NAME.elf.
USRC := Sources/Userland
UBUILD := $(KBUILD)/user
USER_PROGRAMS := $(sort $(notdir $(wildcard $(USRC)/Programs/*)))
USER_ELFS := $(foreach p,$(USER_PROGRAMS),$(UBUILD)/$(p).elf)
USER_RUNTIME_SWIFT := $(shell find $(USRC)/Runtime -name '*.swift' 2>/dev/null | sort)

# The boot archive: the user programs (without DWARF) packed by `elfkit pack`, as NAME=PATH.
ELFKIT_TOOL := .build/debug/elfkit
INITRD := $(KBUILD)/initrd.img
INITRD_PROGRAMS = $(foreach p,$(USER_PROGRAMS),$(p)=$(UBUILD)/$(p).stripped)

QEMU := qemu-system-x86_64
QEMU_FLAGS := -m 256M -display none -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04
APPEND ?=
GDB_PORT ?= 1234

DEB_PACKAGES := qemu-system-x86 gdb libelf-dev libdw-dev libreadline-dev elfutils binutils \
  zlib1g-dev libzstd-dev liblz4-dev libdeflate0 libc6-dbg python3 gdbserver strace gcc libcapstone-dev tmux

.PHONY: all deps kernel run test bench host clean
.SECONDEXPANSION:
# Keep the compiled user program objects (intermediates of the .elf rule).
.PRECIOUS: $(UBUILD)/%.o $(UBUILD)/%.elf

all: kernel host

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing" $$missing; \
	  sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

host:
	$(SWIFT) build

kernel: $(KERNEL) $(INITRD)

$(KBUILD):
	@mkdir -p $(KBUILD)/modules

# Portable modules, compiled in Embedded mode for the kernel. swiftc leaves an
# object file it would write unchanged untouched, so each Swift rule touches
# its target: else make would rebuild it (and all that follows) every time.
define portable_module
$(KBUILD)/$(1).o: $(shell find Sources/$(1) -name '*.swift' 2>/dev/null) | $(KBUILD)
	$(SWIFTC) $(EMBEDDED_FLAGS) -module-name $(1) -emit-module \
	  -emit-module-path $(KBUILD)/modules/$(1).swiftmodule -I $(KBUILD)/modules \
	  -c $$(filter %.swift,$$^) -o $$@
	touch $$@
endef
$(foreach m,$(PORTABLE_MODULES),$(eval $(call portable_module,$(m))))

$(KBUILD)/Kernel.o: $(KERNEL_SWIFT) $(ARCH)/CPU/cpu.h $(foreach m,$(PORTABLE_MODULES),$(KBUILD)/$(m).o) | $(KBUILD)
	$(SWIFTC) $(EMBEDDED_FLAGS) -swift-version 5 -module-name Kernel -I $(KBUILD)/modules -I $(ARCH)/CPU \
	  -c $(KERNEL_SWIFT) -o $@
	touch $@

$(KBUILD)/%.o: $(ARCH)/%.S $(ARCH)/interrupt_frame.inc | $(KBUILD)
	$(CLANG) $(C_FLAGS) -c $< -o $@

$(KBUILD)/libc.o: $(ARCH)/libc.c | $(KBUILD)
	$(CLANG) $(C_FLAGS) -c $< -o $@

$(UBUILD):
	@mkdir -p $(UBUILD)/modules

$(UBUILD)/crt0.o: $(USRC)/Runtime/crt0.S | $(UBUILD)
	$(CLANG) $(C_FLAGS) -c $< -o $@

$(UBUILD)/KeelRuntime.o: $(USER_RUNTIME_SWIFT) $(KBUILD)/Allocators.o $(KBUILD)/KeelABI.o | $(UBUILD)
	$(SWIFTC) $(EMBEDDED_FLAGS) -module-name KeelRuntime -emit-module \
	  -emit-module-path $(UBUILD)/modules/KeelRuntime.swiftmodule -I $(KBUILD)/modules \
	  -c $(USER_RUNTIME_SWIFT) -o $@
	touch $@

# Each program: compile, link, then embed its demangled symbol table (the
# kernel-symbols format) as the non-loaded section .keel_symbols, which the
# kernel reads to symbolize the backtrace of a faulting task.
$(UBUILD)/%.o: $$(wildcard $(USRC)/Programs/%/*.swift) $(UBUILD)/KeelRuntime.o | $(UBUILD)
	$(SWIFTC) $(EMBEDDED_FLAGS) -module-name $(subst -,_,$*) -I $(KBUILD)/modules -I $(UBUILD)/modules \
	  -c $(filter %.swift,$^) -o $@
	touch $@

# Each program links at its own base, 4 GiB apart in the order of
# USER_PROGRAMS (the first at 512 GiB): a user address names one program, so
# a gdb breakpoint in user code belongs to that program's tasks only, and
# gdb can load every program's symbols at once.
user_base = $$(printf '0x%x' $$(( 0x8000000000 + ($$(echo $(USER_PROGRAMS) | tr ' ' '\n' | grep -nx '$(1)' | cut -d: -f1) - 1) * 0x100000000 )))
$(UBUILD)/%.elf: $(UBUILD)/%.o $(UBUILD)/crt0.o $(UBUILD)/KeelRuntime.o $(KBUILD)/libc.o $(USRC)/Runtime/user.ld $(KSYMS_TOOL)
	$(LLD) -T $(USRC)/Runtime/user.ld --defsym=USER_IMAGE_BASE=$(call user_base,$*) -nostdlib -static -z max-page-size=4096 --gc-sections \
	  $(UBUILD)/crt0.o $< $(UBUILD)/KeelRuntime.o $(KBUILD)/Allocators.o $(KBUILD)/KeelABI.o $(KBUILD)/libc.o \
	  $(EMBEDDED_LIBS)/libswiftUnicodeDataTables.a -o $@.tmp
	$(KSYMS_TOOL) $@.tmp -o $@.symbols
	$(OBJCOPY) --add-section .keel_symbols=$@.symbols --set-section-flags .keel_symbols=readonly $@.tmp
	mv $@.tmp $@

# What the kernel loads: each program without DWARF (.symtab and
# .keel_symbols stay); the full NAME.elf is for gdb.
$(UBUILD)/%.stripped: $(UBUILD)/%.elf
	$(OBJCOPY) --strip-debug $< $@.tmp && mv $@.tmp $@

USER_IMAGES := $(foreach p,$(USER_PROGRAMS),$(UBUILD)/$(p).stripped)

$(ELFKIT_TOOL): $(shell find Sources/ElfKit Sources/ElfKitDWARF Sources/BootArchive Sources/CLZ4 Sources/elfkit -type f) Package.swift
	$(SWIFT) build --product elfkit

$(INITRD): $(ELFKIT_TOOL) $(USER_IMAGES)
	$(ELFKIT_TOOL) pack --compress -o $@ $(INITRD_PROGRAMS)

$(KSYMS_TOOL): $(shell find Sources/ElfKit Sources/ElfKitDWARF Sources/kernel-symbols -name '*.swift') Package.swift
	$(SWIFT) build --product kernel-symbols

# Two links: the first has an empty .ksymtab; kernel-symbols turns its ELF
# symbols into the compact table, which the second link places in .ksymtab.
# .ksymtab is the last section, so no other address moves; the check below
# proves it by regenerating the table from the final image.
LINK = $(LLD) -T $(ARCH)/kernel.ld -nostdlib -static -z max-page-size=4096 --no-relax --gc-sections \
  $(KERNEL_OBJS) $(EMBEDDED_LIBS)/libswiftUnicodeDataTables.a

$(KERNEL): $(KERNEL_OBJS) $(ARCH)/kernel.ld $(KSYMS_TOOL)
	$(LINK) -o $(KBUILD)/kernel.stage1.elf
	$(KSYMS_TOOL) $(KBUILD)/kernel.stage1.elf -o $(KBUILD)/ksymtab.bin
	cd $(KBUILD) && $(OBJCOPY) -I binary -O elf64-x86-64 \
	  --rename-section .data=.ksymtab,alloc,load,readonly,data,contents ksymtab.bin ksymtab.o
	$(LINK) $(KBUILD)/ksymtab.o -o $@.tmp
	$(KSYMS_TOOL) $@.tmp -o $(KBUILD)/ksymtab.check.bin
	cmp -s $(KBUILD)/ksymtab.bin $(KBUILD)/ksymtab.check.bin || { echo "kernel symbol table moved between links"; exit 1; }
	mv $@.tmp $@

# Console on the terminal (Ctrl-A X quits QEMU), COM2 (the GDB stub) on
# 127.0.0.1:$(GDB_PORT); nodelay keeps small RSP packets from waiting on Nagle.
# GDB_SOCKET=PATH puts COM2 on a unix socket instead: QEMU's UART writes each
# byte to its chardev on its own, which costs far less there (gdb steps about
# twice as fast; docs/kernel.md).
ifeq ($(GDB_SOCKET),)
GDB_CHARDEV := tcp:127.0.0.1:$(GDB_PORT),server=on,wait=off,nodelay=on
GDB_TARGET := :$(GDB_PORT)
else
GDB_CHARDEV := unix:$(GDB_SOCKET),server=on,wait=off
GDB_TARGET := $(GDB_SOCKET)
endif
run: deps kernel
	@echo "Booting Keel (Ctrl-A X quits QEMU; 'poweroff' at the prompt; gdb: target remote $(GDB_TARGET))"
	@$(QEMU) -kernel $(KERNEL) -initrd $(INITRD) $(QEMU_FLAGS) -append "$(APPEND)" \
	  -serial mon:stdio -serial $(GDB_CHARDEV); \
	  status=$$?; [ $$status -le 1 ] || { echo "QEMU exited with status $$status (kernel failure)"; exit 1; }

# Short fuzz runs first, so swift test's summary is the last thing printed.
# CI shows only the tail of the output, so a failing run repeats its
# failures (with their expectation details) after the summary.
TEST_LOG := .build/swift-test.log
test: deps kernel
	Fuzz/run.sh 20
	Fuzz/packet-decoder.sh 10
	Fuzz/page-walk.sh 5
	Fuzz/boot-archive.sh 10
	Fuzz/call-frames.sh 10
	$(SWIFT) build
	@{ $(SWIFT) test 2>&1; echo $$? > $(TEST_LOG).status; } | tee $(TEST_LOG); \
	  status=$$(cat $(TEST_LOG).status); \
	  if [ "$$status" -ne 0 ]; then \
	    echo "--- failures (from $(TEST_LOG)) ---"; \
	    grep -E -A6 'recorded an issue|error:|Fatal error|crashed' $(TEST_LOG) | tail -60; \
	  fi; \
	  exit $$status

bench: deps kernel
	$(SWIFT) build -c release --product elfkit
	python3 Benchmarks/boot_bench.py --kernel $(KERNEL)
	python3 Benchmarks/elfkit_bench.py --elfkit .build/release/elfkit
	python3 Benchmarks/archive_bench.py --elfkit .build/release/elfkit
	python3 Benchmarks/gdb_bench.py
	python3 Benchmarks/paging_bench.py
	python3 Benchmarks/userspace_bench.py --kernel $(KERNEL)
	$(SWIFT) build -c release --product kdbg
	python3 Benchmarks/ptrace_bench.py --kdbg .build/release/kdbg
	python3 Benchmarks/kdbg_bench.py --kdbg .build/release/kdbg --kernel $(KERNEL)

clean:
	rm -rf $(KBUILD)
