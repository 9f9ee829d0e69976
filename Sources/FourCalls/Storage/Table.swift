import SQLKit

/// Every table of the schema, named once: queries name tables through these cases (the
/// migrations create them under the same names). Each case serializes as a quoted identifier.
enum Table: String, CaseIterable, SQLExpression {
    case aiAgentTokens = "ai_agent_tokens"
    case aiAgents = "ai_agents"
    case aiInteractions = "ai_interactions"
    case apiTokens = "api_tokens"
    case appointmentTypes = "appointment_types"
    case appointments
    case callDailyTotals = "call_daily_totals"
    case calls
    case campaignCalls = "campaign_calls"
    case campaigns
    case contactDailyAttempts = "contact_daily_attempts"
    case contactImports = "contact_imports"
    case contactListMembers = "contact_list_members"
    case contactLists = "contact_lists"
    /// SQLite's FTS5 index of contacts (migrations 7 and 8).
    case contactSearch = "contact_search"
    case contactTags = "contact_tags"
    case contacts
    case consoleSessions = "console_sessions"
    case coordinators
    case events
    case faqs
    case idempotencyKeys = "idempotency_keys"
    case invitations
    case organizationMembers = "organization_members"
    case organizations
    case personaTemplates = "persona_templates"
    case platformCalls = "platform_calls"
    case pollResponses = "poll_responses"
    case polls
    case rateLimitWindows = "rate_limit_windows"
    case roleTemplates = "role_templates"
    case schemaMigrations = "schema_migrations"
    case suppressions
    case users
    case webhookAttempts = "webhook_attempts"
    case webhookDeliveries = "webhook_deliveries"
    case webhooks

    func serialize(to serializer: inout SQLSerializer) {
        SQLIdentifier(rawValue).serialize(to: &serializer)
    }
}

extension SQLColumn {
    /// `table.name`.
    init(_ name: String, table: Table) {
        self.init(SQLIdentifier(name), table: table)
    }
}

/// A record stored as one row of its table, with its properties as the columns in camel case.
protocol TableRow: Codable, Sendable {
    static var table: Table { get }
}

extension Agent: TableRow { static let table = Table.aiAgents }
extension Appointment: TableRow { static let table = Table.appointments }
extension AppointmentType: TableRow { static let table = Table.appointmentTypes }
extension Call: TableRow { static let table = Table.calls }
extension Campaign: TableRow { static let table = Table.campaigns }
extension CampaignCall: TableRow { static let table = Table.campaignCalls }
extension Contact: TableRow { static let table = Table.contacts }
extension ContactImportJob: TableRow { static let table = Table.contactImports }
extension ContactList: TableRow { static let table = Table.contactLists }
extension ConsoleSession: TableRow { static let table = Table.consoleSessions }
extension Coordinator: TableRow { static let table = Table.coordinators }
extension FAQ: TableRow { static let table = Table.faqs }
extension Poll: TableRow { static let table = Table.polls }
extension Suppression: TableRow { static let table = Table.suppressions }
extension StoredEvent: TableRow { static let table = Table.events }
extension Webhook: TableRow { static let table = Table.webhooks }
extension WebhookDelivery: TableRow { static let table = Table.webhookDeliveries }
