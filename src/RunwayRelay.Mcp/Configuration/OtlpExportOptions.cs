namespace RunwayRelay.Mcp.Configuration;

/// <summary>
/// The OpenTelemetry exporter's standard settings that decide whether and how anything is sent, checked at start with
/// the other settings: the exporter itself says nothing of a bad value and goes on with its defaults. Names as the OpenTelemetry specification spells them (environment variables, or the
/// same keys on the command line); the exporter reads the rest of them (<c>OTEL_EXPORTER_OTLP_HEADERS</c>, …) itself.
/// </summary>
public sealed class OtlpExportOptions
{
    /// <summary>The collector's address; nothing is exported while it is empty.</summary>
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary><c>grpc</c> (the exporter's default) or <c>http/protobuf</c>.</summary>
    public const string ProtocolSetting = "OTEL_EXPORTER_OTLP_PROTOCOL";

    /// <summary>The per-signal endpoints the exporter also reads; without <see cref="EndpointSetting"/> they would be ignored.</summary>
    public static IReadOnlyList<string> SignalEndpointSettings { get; } = ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"];

    /// <summary>The protocols the .NET exporter speaks (it has no <c>http/json</c>).</summary>
    public static IReadOnlyList<string> Protocols { get; } = ["grpc", "http/protobuf"];

    /// <summary>The value of <see cref="EndpointSetting"/>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The value of <see cref="ProtocolSetting"/>.</summary>
    public string? Protocol { get; set; }

    /// <summary>Which of <see cref="SignalEndpointSettings"/> have a value.</summary>
    public IList<string> SignalEndpointsSet { get; } = [];

    /// <summary>Whether telemetry is sent at all.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint);

    /// <summary>Problems with these settings, each saying how to fix it. The endpoint is not quoted: it may carry
    /// credentials in its user part.</summary>
    public IReadOnlyList<string> Validate()
    {
        if (!Enabled)
        {
            return SignalEndpointsSet.Count == 0
                ? []
                : [$"{string.Join(" and ", SignalEndpointsSet)} {(SignalEndpointsSet.Count == 1 ? "is" : "are")} set but {EndpointSetting} is not: this server sends telemetry only when {EndpointSetting} names the collector (the per-signal ones may then send a signal elsewhere)."];
        }
        var problems = new List<string>();
        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"{EndpointSetting} is not an absolute http:// or https:// URL; give the collector's address, such as http://otel-collector:4317 (grpc) or http://otel-collector:4318 with {ProtocolSetting}=http/protobuf, or leave it out to send no telemetry.");
        }
        if (!string.IsNullOrEmpty(Protocol) && !Protocols.Contains(Protocol, StringComparer.Ordinal))
        {
            problems.Add($"{ProtocolSetting} has '{Protocol}', which is not one of {string.Join(", ", Protocols)}; leave it out for grpc.");
        }
        return problems;
    }
}
