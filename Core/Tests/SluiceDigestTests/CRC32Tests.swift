import SluiceDigest
import Testing

/// CRC-32/IEEE: the standard check value, and continuing a checksum across pieces.
@Suite struct CRC32Tests {
    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
        let whole = CRC32.checksum(Array("hello world".utf8))
        let split = CRC32.checksum(Array(" world".utf8), continuing: CRC32.checksum(Array("hello".utf8)))
        #expect(whole == split)
    }
}
