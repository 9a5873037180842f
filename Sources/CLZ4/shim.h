// liblz4 (Debian: liblz4-dev): the block API (LZ4_compress_HC,
// LZ4_decompress_safe) used by elfkit pack and the boot archive tests.
#include <lz4.h>
#include <lz4hc.h>
