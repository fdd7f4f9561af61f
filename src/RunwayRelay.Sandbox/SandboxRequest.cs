namespace RunwayRelay.Sandbox;

/// <summary>One request the sandbox received, as tests see it. The key itself is never kept: only whether one came and
/// <paramref name="KeyFingerprint"/>, a short hash that tells keys apart (to show no caller's key went out on another's call).</summary>
public sealed record SandboxRequest(DateTimeOffset At, string Path, string TaskId, bool CarriedKey, string? RunwayVersion, string? KeyFingerprint = null)
{
    /// <summary>The fingerprint the sandbox records for the key in <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    public static string Fingerprint(string key) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..12];
}
