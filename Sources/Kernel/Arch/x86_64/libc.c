// The few C library routines the Embedded Swift runtime and compiler-generated
// code call (toolchain-facts.md). Freestanding; `rep movsb/stosb` are fast on
// modern CPUs and under QEMU's TCG.
#include <stddef.h>
#include <stdint.h>

void *memset(void *dst, int c, size_t n) {
    void *d = dst;
    __asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
    return dst;
}

void *memcpy(void *dst, const void *src, size_t n) {
    void *d = dst;
    __asm__ volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(n) : : "memory");
    return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d == s || n == 0) return dst;
    if (d < s || d >= s + n) return memcpy(dst, src, n);
    // Overlapping with dst above src: copy backwards.
    d += n - 1; s += n - 1;
    __asm__ volatile("std; rep movsb; cld" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
    return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
    const unsigned char *x = a, *y = b;
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
}

size_t strlen(const char *s) {
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

// The heap lives in Swift (KernelHeap in the kernel, the user runtime's arena in
// user programs: both link this file); these are the C entry points the
// Embedded Swift runtime calls.
void *runtime_heap_allocate(size_t size, size_t alignment);
void runtime_heap_free(void *pointer);

int posix_memalign(void **out, size_t alignment, size_t size) {
    if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0) return 22;  // EINVAL
    void *p = runtime_heap_allocate(size, alignment);
    if (!p) return 12;                                                                 // ENOMEM
    *out = p;
    return 0;
}

void free(void *pointer) {
    if (pointer) runtime_heap_free(pointer);
}

// Swift's Dictionary sizing calls ceil(). Integer arithmetic on the IEEE 754
// bits (no rounding-mode or SSE4.1 dependency).
double ceil(double x) {
    union { double f; uint64_t i; } u = { x };
    int exponent = (int)((u.i >> 52) & 0x7ff) - 0x3ff;
    if (exponent >= 52) return x;                       // integral, infinite or NaN
    if (exponent < 0) {                                 // |x| < 1
        if (u.i << 1 == 0) return x;                    // ±0
        return (u.i >> 63) ? -0.0 : 1.0;
    }
    uint64_t fraction = 0x000fffffffffffffULL >> exponent;
    if ((u.i & fraction) == 0) return x;                // already integral
    if (!(u.i >> 63)) u.i += fraction;                  // positive: carry up to the next integer
    u.i &= ~fraction;
    return u.f;
}
