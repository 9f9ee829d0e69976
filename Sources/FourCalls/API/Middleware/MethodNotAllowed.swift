import Hummingbird

extension Router {
    /// Hummingbird answers 404 for a known path with an unregistered method. Once every route
    /// is added, this registers the missing methods of each path to answer 405 with `Allow`.
    func addMethodNotAllowedResponders() {
        let candidates: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]
        var byPath: [String: (path: RouterPath, methods: Set<HTTPRequest.Method>)] = [:]
        for route in routes {
            byPath[route.path.description, default: (route.path, [])].methods.insert(route.method)
        }
        for (_, entry) in byPath {
            // The router makes a `HEAD` for every `GET` (`autoGenerateHeadEndpoints`).
            let allowed = candidates.flatMap { method in
                entry.methods.contains(method) ? (method == .get ? [.get, .head] : [method]) : [HTTPRequest.Method]()
            }
            for method in candidates where !entry.methods.contains(method) {
                on(entry.path, method: method) { _, _ -> Response in
                    throw APIError.methodNotAllowed(allow: allowed)
                }
            }
        }
    }
}
