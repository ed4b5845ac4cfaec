import SluiceDigest
import Testing

/// FIPS 180 / RFC 1321 test vectors, including messages that straddle the padding boundaries.
@Suite struct DigestTests {
    static let abc = Array("abc".utf8)
    static let twoBlocks = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)

    @Test func md5() {
        #expect(Digest.hex(Digest.md5([])) == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(Digest.hex(Digest.md5(Self.abc)) == "900150983cd24fb0d6963f7d28e17f72")
    }

    @Test func sha1() {
        #expect(Digest.hex(Digest.sha1(Self.abc)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(Digest.hex(Digest.sha1(Self.twoBlocks)) == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    }

    @Test func sha256() {
        #expect(
            Digest.hex(Digest.sha256(Self.abc)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            Digest.hex(Digest.sha256(Self.twoBlocks))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func sha384AndSha512() {
        #expect(
            Digest.hex(Digest.sha384(Self.abc))
                == "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7")
        #expect(
            Digest.hex(Digest.sha512(Self.abc))
                == "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
    }

    @Test func paddingBoundaries() {
        // 55, 56 and 64 bytes: one block, the length spilling into a second block, an exact block.
        for n in [55, 56, 63, 64, 111, 112, 128] {
            let message = [UInt8](repeating: 0x61, count: n)
            #expect(Digest.md5(message).count == 16)
            #expect(Digest.sha256(message).count == 32)
            #expect(Digest.sha512(message).count == 64)
        }
        #expect(
            Digest.hex(Digest.sha256([UInt8](repeating: 0x61, count: 64)))
                == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }
}
