import SluiceAPI

/// `maxResults` and `nextToken` as the List* operations read them: 0 or absent means 100 items a page.
struct PageRequest {
    let limit: Int
    /// The opaque token as sent; each operation decodes it with its own scope.
    let token: String?

    init(_ fields: RequestFields, tokenMaxLength: Int = 1024) throws(AWSError) {
        let maxResults = try fields.int("maxResults", min: 0, max: 1000) ?? 0
        token = try fields.string("nextToken", min: 1, max: tokenMaxLength)
        limit = maxResults == 0 ? 100 : maxResults
    }
}
