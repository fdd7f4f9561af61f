namespace RunwayRelay.Mcp.Configuration;

/// <summary>The MCP transport the server offers.</summary>
public enum McpTransport
{
    /// <summary>Standard input and output: one client, started by the host.</summary>
    Stdio,
    /// <summary>Streamable HTTP: many clients, stateless.</summary>
    Http,
}
