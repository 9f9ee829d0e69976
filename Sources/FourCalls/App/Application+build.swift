import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// Builds the 4Calls application: storage, services, router. `fourcalls serve` runs it;
/// tests build the same application with a test configuration.
public func buildApplication(_ configuration: AppConfiguration) async throws -> some ApplicationProtocol {
    AppMetrics.bootstrap()
    var logger = Logger(label: "fourcalls", factory: configuration.makeLogHandler)
    logger.logLevel = configuration.logLevel
    let database = try DatabaseURL(parsing: configuration.databaseURL)
    let box = SecretBox(key: try AppKey.resolve(configured: configuration.appKey, database: database))
    // The database drivers log every statement with its bound values at debug level:
    // contacts' phones and e-mails. Their logger never goes below info.
    var databaseLogger = logger
    databaseLogger.logLevel = max(logger.logLevel, .info)
    let storage = MeasuredStorage(
        base: try await openStorage(database, poolSize: configuration.databasePoolSize, logger: databaseLogger))
    let dependencies = try AppDependencies(configuration, storage: storage, box: box, logger: logger)
    let (hasher, clock, urlGuard) = (dependencies.hasher, dependencies.clock, dependencies.webhooks.urlGuard)

    let router = buildRouter(dependencies)
    var app = Application(
        router: router,
        // Slow clients cannot starve the server (CONTRACT section 9): a connection without a
        // whole request head for the idle timeout is closed (Hummingbird counts whole HTTP
        // parts, so a head sent a byte at a time does not keep it open), and connections
        // are capped below the open-file limit, which `fourcalls serve` raises.
        server: .http1(configuration: .init(idleTimeout: .seconds(Int64(configuration.httpIdleTimeoutSeconds)))),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "4Calls",
            availableConnectionsDelegate: MaximumAvailableConnections(FileLimit.connectionCap(configuration.httpMaxConnections))),
        logger: logger)
    // Stopped in reverse order: the server first, then the pool, then connections close.
    app.addServices(ResourceCloser(storage: storage, hasher: hasher))
    app.addServices(storage.services.map { BoundedStop(service: $0, logger: logger) })
    let migrated = dependencies.startup
    app.addServices(
        WebhookDispatcher(
            storage: storage, clock: clock, box: box, urlGuard: urlGuard, logger: logger, startup: migrated,
            pollInterval: configuration.webhookPollInterval, attemptTimeout: configuration.webhookAttemptTimeout))
    app.addServices(
        MaintenanceService(
            storage: storage, clock: clock, logger: logger, startup: migrated,
            retention: .init(webhookDays: configuration.retentionWebhookDays),
            interval: .seconds(configuration.maintenanceIntervalSeconds)))
    app.addServices(MemoryTrimmer())
    app.addServices(dependencies.importJobs)
    app.addServices(dependencies.eventStreams)
    app.addServices(CampaignScheduler(dialer: CampaignDialer(storage: storage, clock: clock), logger: logger, startup: migrated))
    let migrationLogger = logger
    app.beforeServerStarts {
        try await Migrator(storage: storage, clock: clock, logger: migrationLogger).migrate()
        try await storage.transaction { db in try await TemplateRepository(db: db).seed(now: clock.now()) }
        await migrated.open()
    }
    return app
}

/// Opens the storage that `DATABASE_URL` names.
func openStorage(_ database: DatabaseURL, poolSize: Int = PostgresStorage.defaultPoolSize, logger: Logger) async throws -> any Storage {
    switch database {
    case .sqliteMemory: try await SQLiteStorage.open(path: nil, logger: logger)
    case .sqliteFile(let path): try await SQLiteStorage.open(path: path, logger: logger)
    case .postgres(let location): PostgresStorage(location: location, maximumConnections: poolSize, logger: logger)
    }
}

/// What the routes are built from.
struct AppDependencies: Sendable {
    let storage: any Storage
    let hasher: PasswordHasher
    let clock: any AppClock
    let webhooks: WebhookService
    let limits: RequestLimits
    /// Resolved tokens and memberships (see `AccessCache`).
    let accessCache: AccessCache
    /// Background CSV imports (a lifecycle service `buildApplication` runs).
    let importJobs: ContactImportJobs
    /// `APP_URL`, for the tool manifests.
    let appURL: String?
    /// Seals secrets at rest (webhook secrets, the platforms' keys).
    let box: SecretBox
    /// Opens once the migrations ran; background services wait for it.
    let startup = StartupGate()
    /// The organizations' live event streams (a lifecycle service `buildApplication` runs).
    let eventStreams: EventStreamHub
    /// How long a quiet event stream waits before its keep-alive comment.
    let eventStreamKeepAlive: Duration
    /// The HTML templates (the documentation page, the console).
    let templates: PageTemplates

    /// The services of `configuration` over an open storage.
    init(_ configuration: AppConfiguration, storage: any Storage, box: SecretBox, logger: Logger = Logger(label: "fourcalls")) throws {
        let clock = configuration.clock
        self.storage = storage
        self.clock = clock
        // bcrypt on one thread per core: a burst of failed logins queues behind a bounded
        // pool instead of one thread, and never occupies the request executors.
        hasher = PasswordHasher(cost: configuration.bcryptCost, threads: System.coreCount)
        webhooks = WebhookService(
            storage: storage, clock: clock, box: box,
            urlGuard: WebhookURLGuard(
                allowPrivateNetworks: configuration.webhookAllowPrivateNetworks,
                resolve: configuration.webhookResolver ?? WebhookURLGuard.systemResolve))
        // Instances sharing a database share their counts through it.
        let counter: any RateLimitCounter = storage.isShared ? LeasedRateLimitCounter(storage: storage) : MemoryRateLimitCounter()
        limits = RequestLimits(
            limiter: RateLimiter(
                limits: RateLimits(
                    standard: configuration.rateLimitStandard, bulk: configuration.rateLimitBulk, agent: configuration.rateLimitAI,
                    auth: configuration.rateLimitAuth),
                counter: counter,
                clock: clock, enabled: configuration.rateLimitEnabled),
            idempotency: IdempotencyStore(storage: storage, clock: clock, box: box))
        accessCache = AccessCache()
        storage.changes.subscribe { [accessCache] notice in accessCache.apply(notice) }
        importJobs = ContactImportJobs(importer: ContactImport(storage: storage, clock: clock), logger: logger)
        appURL = configuration.appURL
        self.box = box
        // Ticks a few times per keep-alive period: a quiet stream's comment comes on time.
        eventStreams = EventStreamHub(
            storage: storage, clock: clock, startup: startup, tickInterval: configuration.eventStreamKeepAlive / 3, logger: logger)
        eventStreamKeepAlive = configuration.eventStreamKeepAlive
        templates = try PageTemplates.bundled.get()
    }
}

/// The router: middleware, every route, then 405 answers for the methods a path lacks.
func buildRouter(_ dependencies: AppDependencies) -> Router<AppRequestContext> {
    // `HEAD` works wherever `GET` does (CONTRACT section 9).
    let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
    // Before any route, so that they wrap every response, the router's 404 included.
    router.addMiddleware {
        MetricsMiddleware()
        RequestLogMiddleware()
        ResponseHeadersMiddleware()
        ErrorMiddleware()
    }
    addRoutes(to: router, dependencies)
    router.addMethodNotAllowedResponders()
    return router
}

/// Every route of the API, under `/api` and its alias `/api/v1`.
func addRoutes(to router: Router<AppRequestContext>, _ dependencies: AppDependencies) {
    let (storage, hasher, clock, webhooks, limits) =
        (dependencies.storage, dependencies.hasher, dependencies.clock, dependencies.webhooks, dependencies.limits)
    let cache = dependencies.accessCache
    let accounts = AccountService(storage: storage, hasher: hasher, clock: clock, cache: cache)
    let organizations = OrganizationService(storage: storage, clock: clock, cache: cache)
    let contacts = ContactService(storage: storage, clock: clock)
    let knowledge = KnowledgeService(storage: storage, clock: clock)
    let agents = AgentService(storage: storage, clock: clock, box: dependencies.box, cache: cache)
    let appointments = AppointmentService(storage: storage, clock: clock)

    SystemController(storage: storage).addRoutes(to: router)
    let dashboards = DashboardCache()
    ConsoleController(
        sessions: ConsoleSessions(storage: storage, clock: clock, accounts: accounts), organizations: organizations, contacts: contacts,
        appointments: appointments, calls: CallService(storage: storage, clock: clock), agents: agents, invitations: InvitationService(storage: storage, clock: clock),
        campaigns: CampaignService(storage: storage, clock: clock), importJobs: dependencies.importJobs, webhooks: webhooks, storage: storage, clock: clock, dashboards: dashboards, limits: limits,
        hub: dependencies.eventStreams,
        keepAlive: dependencies.eventStreamKeepAlive, templates: dependencies.templates,
        secureCookies: dependencies.appURL?.lowercased().hasPrefix("https://") == true, publicURL: dependencies.appURL
    ).addRoutes(to: router)

    for prefix in ["api", "api/v1"] {
        let api = router.group(RouterPath(prefix)).add(middleware: TokenAuthenticator(accounts: accounts))
        let invitations = InvitationService(storage: storage, clock: clock)
        AuthController(accounts: accounts, invitations: invitations, clock: clock, limits: limits).addRoutes(to: api.group("auth"))

        let coordinator = api.group("coordinator", context: AuthenticatedContext.self)
            .add(middleware: WriteAbilityMiddleware())
            .add(middleware: limits.byUserToken())
            .add(middleware: limits.idempotentForUser())
        let organizationsGroup = coordinator.group("organizations")
        let organization = organizationsGroup.group("{orgId}")
            .add(middleware: MembershipMiddleware(organizations: organizations))
            .group(context: OrganizationContext.self)
        OrganizationsController(organizations: organizations).addRoutes(collection: organizationsGroup, organization: organization)
        MembersController(organizations: organizations, invitations: invitations).addRoutes(to: organization)
        TemplatesController(storage: storage).addRoutes(to: coordinator)
        CoordinatorsController(coordinators: CoordinatorService(storage: storage, clock: clock)).addRoutes(to: organization)
        ContactsController(contacts: contacts, importer: ContactImport(storage: storage, clock: clock), importJobs: dependencies.importJobs)
            .addRoutes(to: organization)
        ContactListsController(lists: ContactListService(storage: storage, clock: clock)).addRoutes(to: organization)
        AppointmentTypesController(types: AppointmentTypeService(storage: storage, clock: clock)).addRoutes(to: organization)
        AppointmentsController(appointments: appointments).addRoutes(to: organization)
        CallsController(calls: CallService(storage: storage, clock: clock), clock: clock).addRoutes(to: organization)
        DashboardController(storage: storage, clock: clock, cache: dashboards).addRoutes(to: organization)
        FAQsController(knowledge: knowledge).addRoutes(to: organization)
        PollsController(knowledge: knowledge).addRoutes(to: organization)
        WebhooksController(webhooks: webhooks).addRoutes(to: organization)
        EventStreamController(
            hub: dependencies.eventStreams, keepAlive: dependencies.eventStreamKeepAlive, accounts: accounts, organizations: organizations
        ).addRoutes(to: organization)
        AgentsController(agents: agents, knowledge: knowledge, storage: storage).addRoutes(to: organization)
        CampaignsController(campaigns: CampaignService(storage: storage, clock: clock)).addRoutes(to: organization)
        SuppressionsController(suppressions: SuppressionService(storage: storage, clock: clock)).addRoutes(to: organization)
    }

    // The internal API of AI agents: every response says where its time went (Server-Timing).
    let agentAPI = router.group("api/internal/ai")
        .add(middleware: ServerTimingMiddleware())
        .add(middleware: AgentAuthenticator(agents: agents))
    let agentLimited = agentAPI.group(context: AgentContext.self)
        .add(middleware: limits.byAgentToken())
        .add(middleware: limits.idempotentForAgent())
    let business = agentLimited.group()
        .add(middleware: BusinessMiddleware(organizations: organizations))
        .group(context: BusinessContext.self)
    let ownBusiness = agentLimited.group()
        .add(middleware: OwnBusinessMiddleware(organizations: organizations))
        .group(context: BusinessContext.self)
    let operations = AgentOperations(storage: storage, clock: clock)
    AgentAPIController(
        agents: agents, operations: operations, dialer: CampaignDialer(storage: storage, clock: clock),
        storage: storage, clock: clock)
        .addRoutes(agentAPI: agentAPI.group().add(middleware: limits.byAddress()), business: business)
    let catalogue = ToolCatalogue(operations: operations)
    ToolsController(catalogue: catalogue, operations: operations, appURL: dependencies.appURL).addRoutes(own: ownBusiness, business: business)
    // The voice platforms' envelopes, where the key may also come as X-Vapi-Secret or ?key=.
    let platforms = agentAPI.group()
        .add(middleware: PlatformKeyMiddleware(agents: agents))
        .group(context: AgentContext.self)
        .add(middleware: limits.byAgentToken())
        .add(middleware: limits.idempotentForAgent())
        .add(middleware: OwnBusinessMiddleware(organizations: organizations))
        .group(context: BusinessContext.self)
    VapiController(catalogue: catalogue, operations: operations, agents: agents).addRoutes(to: platforms)
    RetellController(catalogue: catalogue).addRoutes(to: platforms)
    RetellWebhookController(operations: operations, agents: agents, clock: clock).addRoutes(to: platforms)
    ElevenLabsWebhookController(operations: operations, agents: agents, clock: clock).addRoutes(to: platforms)
}

/// Closes the database connections and the bcrypt threads once the server has stopped.
struct ResourceCloser: Service {
    let storage: any Storage
    let hasher: PasswordHasher

    func run() async throws {
        try? await gracefulShutdown()
        await storage.shutdown()
        await hasher.shutdown()
    }
}
