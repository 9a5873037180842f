// paging-calc: split a virtual address into its page-table indices for
// every common paging scheme, build an address from indices, and decode a
// page-table entry. See `paging-calc --help`.

import ArgumentParser
import Glibc
import Paging

PagingCalc.main()
