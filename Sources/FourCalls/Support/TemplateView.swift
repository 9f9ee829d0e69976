import Mustache
import NIOConcurrencyHelpers

/// A value the page templates show (the documentation page, the console's pages). Mustache
/// reads a plain struct through `Mirror`, building every member to find one by name, and
/// looks a name the struct lacks up again in each enclosing view: rendering the
/// documentation page that way took 2.0 s (1.25 s as `TemplateView`s). A `TemplateView`
/// finds a member by its position, worked out once per type, and a name it lacks costs one
/// dictionary lookup. What renders is the same: stored properties by name, an optional's
/// value or nothing.
protocol TemplateView: MustacheParent {}

extension TemplateView {
    func child(named name: String) -> Any? {
        guard let offset = TemplateViewMembers.offset(of: name, in: Self.self, labels: { Mirror(reflecting: self).children.map(\.label) })
        else { return nil }
        let members = Mirror(reflecting: self).children
        let value = members[members.index(members.startIndex, offsetBy: offset)].value
        if let optional = value as? any OptionalMember { return optional.member }
        return value
    }
}

/// The positions of each view type's stored properties by name.
enum TemplateViewMembers {
    private static let offsets = NIOLockedValueBox<[ObjectIdentifier: [String: Int]]>([:])

    static func offset(of name: String, in type: Any.Type, labels: () -> [String?]) -> Int? {
        offsets.withLockedValue { offsets in
            let key = ObjectIdentifier(type)
            if let known = offsets[key] { return known[name] }
            var byName: [String: Int] = [:]
            for (offset, label) in labels().enumerated() {
                if let label { byName[label] = offset }
            }
            offsets[key] = byName
            return byName[name]
        }
    }
}

/// An optional member shows its value, or nothing (as Mustache's `Mirror` reading does).
private protocol OptionalMember {
    var member: Any? { get }
}

extension Optional: OptionalMember {
    fileprivate var member: Any? { map { $0 } }
}
