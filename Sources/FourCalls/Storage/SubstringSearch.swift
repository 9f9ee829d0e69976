import SQLKit

/// Case-insensitive substring search, the same on both engines: the text is lowercased and
/// compared with `LIKE ... ESCAPE '\'`, where `%` and `_` in the search match literally.
enum SubstringSearch {
    /// `%text%` for a lowercased, escaped search text.
    static func pattern(_ text: String) -> String {
        let escaped = text.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        return "%" + escaped + "%"
    }

    /// `expression LIKE pattern ESCAPE '\'`; give a lowercased column or `LOWER(column)`.
    static func like(_ expression: any SQLExpression, _ pattern: String) -> any SQLExpression {
        SQLList([expression, SQLRaw("LIKE"), SQLBind(pattern), SQLRaw("ESCAPE '\\'")], separator: SQLRaw(" "))
    }

    static func lowercased(_ column: String) -> any SQLExpression {
        SQLFunction("LOWER", args: SQLColumn(column))
    }
}
