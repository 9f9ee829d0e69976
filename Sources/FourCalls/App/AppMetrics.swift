import Foundation
import Metrics
import Prometheus

/// The process's Prometheus registry behind swift-metrics, and the names of 4Calls' own
/// metrics. swift-metrics can be bootstrapped once per process, so every application built
/// in it (tests build many) shares this registry; `buildApplication` bootstraps it.
public enum AppMetrics {
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// Bootstraps swift-metrics on first call; later calls do nothing.
    static func bootstrap() { _ = registry }

    /// The Prometheus text exposition of every metric.
    static func exposition() -> [UInt8] { registry.emitToBuffer() }

    // Handles are made on use: the factory returns the one registered metric for a name and
    // labels, and a handle made before the bootstrap would record nothing.

    /// Time spent in one `Storage.read` or `Storage.transaction` (kind `read` or `transaction`).
    static func databaseOperation(_ kind: String) -> Timer {
        Timer(label: "fourcalls_db_operation_duration_seconds", dimensions: [("kind", kind)])
    }

    /// Failed database operations (rolled back or refused), by kind.
    static func databaseError(_ kind: String) -> Metrics.Counter {
        Metrics.Counter(label: "fourcalls_db_operation_errors_total", dimensions: [("kind", kind)])
    }

    /// Time a request waited for a pooled SQLite connection (`writer` or `readers`).
    static func poolWait(_ pool: String) -> Timer {
        Timer(label: "fourcalls_db_pool_wait_seconds", dimensions: [("pool", pool)])
    }

    /// Webhook delivery attempts by outcome: `delivered`, `retrying`, `failed`.
    static func webhookAttempt(_ outcome: String) -> Metrics.Counter {
        Metrics.Counter(label: "fourcalls_webhook_attempts_total", dimensions: [("outcome", outcome)])
    }

    /// Deliveries waiting to be sent (set when `/metrics` is read).
    static func webhookQueueDepth() -> Metrics.Gauge { Metrics.Gauge(label: "fourcalls_webhook_queue_depth") }

    /// Answers to agents asking for a campaign call: `leased` or `none` (204).
    static func campaignLease(_ result: String) -> Metrics.Counter {
        Metrics.Counter(label: "fourcalls_campaign_leases_total", dimensions: [("result", result)])
    }

    /// Requests refused with 429, by tier.
    static func rateLimitRejection(_ tier: String) -> Metrics.Counter {
        Metrics.Counter(label: "fourcalls_rate_limit_rejections_total", dimensions: [("tier", tier)])
    }
}
