extension Migration {
    /// What an agent needs per voice platform (CONTRACT section 10): the Vapi assistant that
    /// takes its calls, and the secrets that sign Retell's and ElevenLabs' webhooks (sealed
    /// with the app key, never returned).
    static let agentPlatformSettings = Migration.portable(
        version: 15, name: "agent_platform_settings",
        [
            "ALTER TABLE ai_agents ADD COLUMN vapi_assistant_id TEXT",
            "ALTER TABLE ai_agents ADD COLUMN retell_api_key TEXT",
            "ALTER TABLE ai_agents ADD COLUMN elevenlabs_webhook_secret TEXT",
        ])
}
