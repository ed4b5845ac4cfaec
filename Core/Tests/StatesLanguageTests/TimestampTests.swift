import StatesLanguage
import Testing

@Suite struct TimestampTests {
    /// Forms AWS accepts (wait `TimestampPath` cases, choice timestamp operators).
    @Test(arguments: [
        ("2016-03-14T01:59:00Z", Int64(1_457_920_740_000)),
        ("2026-11-21T12:24:23.000000Z", Int64(1_795_263_863_000)),
        ("2026-11-21T12:24:23.00Z", Int64(1_795_263_863_000)),
        ("2016-03-05T21:29:29.243167252Z", Int64(1_457_213_369_243)),
        ("2012-10-09T19:00:55+01:00", Int64(1_349_805_655_000)),
        ("2012-10-09T19:00:55-02:30", Int64(1_349_818_255_000)),
        ("2016-02-29T00:00:00z", Int64(1_456_704_000_000)),
        ("1969-12-31T23:59:59.999Z", Int64(-1)),
    ])
    func parsesAcceptedForms(text: String, milliseconds: Int64) throws {
        let t = try #require(Timestamp(iso8601: text))
        #expect(t.millisecondsSinceEpoch == milliseconds)
        #expect(Timestamp(rfc3339: text) == t)
    }

    /// Forms AWS rejects (`INVALID_DATE`, `INVALID_ISO`, `INVALID_TIME`, `NO_T`, `NO_Z` and the
    /// offset-less `2026-11-21T12:24:23.000000`).
    @Test(arguments: [
        "2016-13-05T21:29:29Z", "05-12-2016T21:29:29Z", "2016-12-05T25:29:29Z", "2016-12-05 21:29:29Z",
        "2016-12-05T21:29:29", "2026-11-21T12:24:23.000000", "2023-02-24", "2023-02-24 12:15:56.832957",
        "", " ", "HelloWorld", "2015-02-29T00:00:00Z", "2016-03-14T01:59:00.Z", "2016-03-14T01:59:00.1234567890Z",
        "2016-03-14T01:59:00Z ", "2016-03-14T01:59:60Z", "2016-03-14T01:59:00+18:01", "2016-03-14T01:59:00+0100",
        "2016-03-14T01Z", "2016-03-14T01:59.5Z",
    ])
    func rejectsOtherForms(text: String) {
        #expect(Timestamp(iso8601: text) == nil)
        #expect(Timestamp(rfc3339: text) == nil)
    }

    /// Java's ISO_OFFSET_DATE_TIME makes the seconds optional at run time; RFC 3339 (definitions)
    /// requires them.
    @Test func secondsAreOptionalOnlyAtRunTime() throws {
        let t = try #require(Timestamp(iso8601: "2016-03-14T01:59Z"))
        #expect(t.millisecondsSinceEpoch == 1_457_920_740_000)
        #expect(Timestamp(rfc3339: "2016-03-14T01:59Z") == nil)
        #expect(Timestamp(rfc3339: "2016-03-14T01:59:00.5+18:00") != nil)
    }

    @Test func keepsSubMillisecondPrecisionForComparison() throws {
        let a = try #require(Timestamp(iso8601: "2016-03-05T21:29:29.243167252Z"))
        let b = try #require(Timestamp(iso8601: "2016-03-05T21:29:29.243167253Z"))
        #expect(a < b)
        #expect(a.millisecondsSinceEpoch == b.millisecondsSinceEpoch)
        let c = try #require(Timestamp(iso8601: "2012-10-09T18:00:55Z"))
        let d = try #require(Timestamp(iso8601: "2012-10-09T19:00:55+01:00"))
        #expect(c == d)
    }

    @Test func formatsLikeTheContextObject() {
        #expect(Timestamp.format(millisecondsSinceEpoch: 1_704_067_200_000) == "2024-01-01T00:00:00.000Z")
        #expect(Timestamp.format(millisecondsSinceEpoch: 1_553_631_253_192) == "2019-03-26T20:14:13.192Z")
        #expect(Timestamp.format(millisecondsSinceEpoch: 0) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.format(millisecondsSinceEpoch: -1) == "1969-12-31T23:59:59.999Z")
        #expect(Timestamp(millisecondsSinceEpoch: 1_456_704_000_005).description == "2016-02-29T00:00:00.005Z")
    }

    @Test func roundTripsThroughTheFormat() throws {
        for ms: Int64 in [0, 1, 999, 86_399_999, 951_782_400_000, 4_102_444_800_123, 253_402_300_799_999] {
            let text = Timestamp.format(millisecondsSinceEpoch: ms)
            let parsed = try #require(Timestamp(iso8601: text))
            #expect(parsed.millisecondsSinceEpoch == ms)
        }
    }
}
