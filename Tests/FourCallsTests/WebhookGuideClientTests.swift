import Foundation
import Testing
@testable import FourCalls

/// The integration guide's own `verifyWebhook` (JavaScript), run verbatim with node against
/// a delivery the server made.
@Suite("Webhook signature with the guide's JavaScript")
struct WebhookGuideClientTests {
    /// `INTEGRATION_GUIDE.md` of the shared spec, beside the project's folder.
    static let guidePath: String? = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        let path = url.appendingPathComponent("shared/spec/INTEGRATION_GUIDE.md").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }()

    static let node: String? = ["/usr/bin/node", "/usr/local/bin/node"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The guide's code block that defines `verifyWebhook`, as written.
    static func guideVerifyFunction() throws -> String {
        let guide = try String(contentsOfFile: try #require(guidePath), encoding: .utf8)
        let blocks = guide.components(separatedBy: "```javascript").dropFirst().map { $0.components(separatedBy: "```")[0] }
        return try #require(blocks.first { $0.contains("function verifyWebhook") })
    }

    @Test(
        .enabled(if: guidePath != nil && node != nil, "needs node and ../shared/spec/INTEGRATION_GUIDE.md beside the project"),
        arguments: Engine.enabled)
    func guideFunctionAcceptsOurSignature(on engine: Engine) async throws {
        let receiver = WebhookReceiver()
        let secret = "your_secret_key"
        let hit = try await receiver.run { url in
            try await withTestApp(engine, configure: WebhookTests.allowLoopback) { api in
                let (token, base) = try await api.organization()
                _ = try await WebhookTests.register(api, token: token, base: base, url: url, events: #"["*"]"#, secret: "\(secret)_0123")
                _ = try await api.createContact(
                    base, token: token,
                    json: #"{"name": "Zoë O'Brien / \"Z\"", "email": "zoe@example.com", "tags": ["é", "a/b"], "metadata": {"score": 12, "ratio": 0.25, "url": "https://x.test/a?b=c&d=é"}}"#)
                return try #require(try await receiver.waitFor(1).first)
            }
        }
        let script = try Self.guideVerifyFunction() + """

            // node -e CODE a b c: process.argv is [node, a, b, c].
            const body = process.argv[1];
            const signature = process.argv[2];
            const secret = process.argv[3];
            const req = { body: JSON.parse(body) };
            console.log(JSON.stringify(req.body) === body ? "roundtrip" : "changed");
            console.log(verifyWebhook(req.body, signature, secret) ? "valid" : "invalid");
            console.log(verifyWebhook(req.body, signature, secret + "x") ? "valid" : "invalid");
            """
        let node = try await ChildProcess.run(
            try #require(Self.node), ["-e", script, hit.body, try #require(hit.headers["x-4calls-signature"]), "\(secret)_0123"])
        let lines = node.output.split(separator: "\n")
        #expect(lines == ["roundtrip", "valid", "invalid"])
    }
}
