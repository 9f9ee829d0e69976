extension Migration {
    /// A counter every change to an organization's appointments raises in its transaction
    /// (`ScheduleVersion`): free slots computed at one version stay right until the next.
    static let scheduleVersion = Migration.portable(
        version: 13, name: "schedule_version",
        ["ALTER TABLE organizations ADD COLUMN schedule_version INTEGER NOT NULL DEFAULT 0"])
}
