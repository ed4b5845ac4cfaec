/// Small string helpers without Foundation.
extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: target) {
            out += rest[rest.startIndex..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        out += rest
        return out
    }
}

extension StringProtocol {
    func range(of target: String) -> Range<Index>? {
        let t = Array(target)
        guard !t.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            var j = i
            var k = 0
            while k < t.count, j < endIndex, self[j] == t[k] {
                j = index(after: j)
                k += 1
            }
            if k == t.count { return i..<j }
            i = index(after: i)
        }
        return nil
    }
}
