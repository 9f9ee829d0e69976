import PostgresNIO
import SQLiteNIO

/// True when `error` is a unique-constraint violation on either engine, so that a race
/// between a check and an insert becomes a clean 409/422 instead of a 500.
func isUniqueViolation(_ error: any Error) -> Bool {
    if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "23505" }
    if let error = error as? SQLiteError { return error.reason == .constraintUniqueFailed || error.reason == .constraintPrimaryKeyFailed || "\(error)".contains("UNIQUE constraint failed") }
    return false
}
