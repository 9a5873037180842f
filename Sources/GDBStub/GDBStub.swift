// GDB remote serial protocol: see the files of this module.
