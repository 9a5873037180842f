// Terminal rendering of address ranges: see the files of this module.
