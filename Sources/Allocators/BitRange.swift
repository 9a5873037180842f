/// Splits the bit range [first, last) of a word-array bitmap into one mask
/// per 64-bit word, so range operations touch whole words instead of
/// looping over every bit (a 256 MiB machine has 65,536 frames).
///
/// `body` gets the word index and the mask of bits inside the range.
@inline(__always)
func forEachWordMask(first: Int, last: Int, _ body: (_ word: Int, _ mask: UInt64) -> Void) {
    var bit = first
    while bit < last {
        let word = bit >> 6
        let low = bit & 63
        // Bits of this word still inside the range: up to 64 - low of them.
        let count = min(64 - low, last - bit)
        let mask: UInt64 = count == 64 ? ~0 : ((1 << UInt64(count)) - 1) << UInt64(low)
        body(word, mask)
        bit += count
    }
}
