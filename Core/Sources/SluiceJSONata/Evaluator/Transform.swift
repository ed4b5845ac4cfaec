/// The transform operator `| pattern | update, delete |`.
extension Evaluator {
    func applyTransform(_ node: Node, _ env: Frame, _ obj: JV?) throws(JSONataError) -> JV? {
        guard let obj else { return nil }
        if let c = env.lookupBinding("clone"), !(c?.isFunction ?? false) {
            throw JSONataError.make("T2013", position: node.position)
        }
        let result = try Library.deepClone(obj)
        guard let pattern = node.pattern, let update = node.update else { return result }
        guard let matches = try eval(pattern, result, env) else { return result }
        let list: [JV]
        if case .array(let a) = matches { list = a.items } else { list = [matches] }
        for match in list {
            let upd = try eval(update, match, env)
            if let upd {
                guard case .object(let uo) = upd else {
                    throw JSONataError.make("T2011", position: update.position, value: upd)
                }
                if case .object(let mo) = match {
                    for e in uo.entries { mo[e.key] = e.value }
                }
            }
            if let del = node.delete {
                if let deletions = try eval(del, match, env) {
                    let names: [JV]
                    if case .array(let a) = deletions { names = a.items } else { names = [deletions] }
                    guard names.allSatisfy({ $0.isString }) else {
                        throw JSONataError.make("T2012", position: del.position, value: deletions)
                    }
                    if case .object(let mo) = match {
                        for n in names { if case .string(let s) = n { mo[s] = nil } }
                    }
                }
            }
        }
        return result
    }
}
