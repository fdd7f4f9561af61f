using System.Text.Json;
using System.Xml.Linq;
using RunwayRelay.Mcp.Configuration;
using RunwayRelay.Mcp.Transports.Stdio;
using RunwayRelay.Mcp.Transports.Http;
using RunwayRelay.Client;
using RunwayRelay.Mcp.Hosting;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Tests;

/// <summary>Keeps .mcp/server.json true to the server, and the repository's one version in every place it appears.</summary>
public sealed class PackagingTests
{
    private static readonly string Root = RepositoryRoot.Path;

    private static JsonElement ServerJson() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "src", "RunwayRelay.Mcp", ".mcp", "server.json"))).RootElement;

    private static JsonElement Package() => Assert.Single(ServerJson().GetProperty("packages").EnumerateArray());

    /// <summary>Each settings class the server binds, with the prefix of its environment variables.</summary>
    private static readonly (string Prefix, Type Type)[] SettingsClasses =
    [
        (RelayOptions.Section, typeof(RelayOptions)), (ServerOptions.Section, typeof(ServerOptions)), (WaitOptions.Section, typeof(WaitOptions)),
        (SandboxOptions.Section, typeof(SandboxOptions)), (ViewOptions.Section, typeof(ViewOptions)),
        ("Logging__Console", typeof(ConsoleLogOptions)),
    ];

    /// <summary>Every environment variable the server binds: Section__Property for each settings class, __0 for lists.</summary>
    private static SortedSet<string> VariablesTheServerReads()
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (prefix, type) in SettingsClasses)
        {
            Add(prefix, type);
        }
        // OpenTelemetry's own names, which have no section.
        names.Add(OtlpExportOptions.EndpointSetting);
        names.Add(OtlpExportOptions.ProtocolSetting);
        // .NET's own names for the relay's proxy and, on Linux, the authorities it trusts: hosts built on the MCP
        // TypeScript SDK pass a server only a few variables of theirs, so a user who needs these sets them in the server's entry.
        names.UnionWith(["HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "SSL_CERT_FILE"]);
        // Where the secrets in files are, read before the files themselves.
        names.Add(SecretsDirectory.Setting.Replace(":", "__", StringComparison.Ordinal));
        return names;

        void Add(string prefix, Type type)
        {
            foreach (var property in type.GetProperties())
            {
                if (property.SetMethod is { IsPublic: true })
                {
                    names.Add($"{prefix}__{property.Name}");
                }
                else if (property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(IList<>))
                {
                    names.Add($"{prefix}__{property.Name}__0");
                }
                else if (property.PropertyType.Namespace?.StartsWith("RunwayRelay", StringComparison.Ordinal) == true && property.PropertyType.IsClass)
                {
                    // A nested section, such as Server:Auth.
                    Add($"{prefix}__{property.Name}", property.PropertyType);
                }
            }
        }
    }

    [Fact]
    public void Server_json_declares_exactly_the_variables_the_server_reads()
    {
        var declared = new SortedSet<string>(Package().GetProperty("environmentVariables").EnumerateArray().Select(v => v.GetProperty("name").GetString()!), StringComparer.Ordinal);

        Assert.Equal(VariablesTheServerReads(), declared);
    }

    [Fact]
    public void The_readme_settings_table_names_every_variable_the_server_reads()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var table = readme[readme.IndexOf("## Configuration", StringComparison.Ordinal)..readme.IndexOf("## Use it from an MCP host", StringComparison.Ordinal)];

        var missing = VariablesTheServerReads().Where(name => !table.Contains($"`{name}`", StringComparison.Ordinal)).ToList();

        Assert.Equal(Array.Empty<string>(), missing);
    }

    [Fact]
    public void The_readme_settings_table_gives_the_defaults_the_server_uses()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var table = readme[readme.IndexOf("## Configuration", StringComparison.Ordinal)..readme.IndexOf("## Use it from an MCP host", StringComparison.Ordinal)];
        var known = VariablesTheServerReads();
        var compared = new List<string>();
        var wrong = new List<string>();
        foreach (var row in table.Split('\n').Where(line => line.StartsWith("| `", StringComparison.Ordinal)))
        {
            var cells = row.Split('|');
            var names = Backticked(cells[1]).Where(known.Contains).ToList();
            var defaults = Backticked(cells[2]).ToList();
            // Rows without a default ("—", "loopback") or that pair names and values otherwise are not compared.
            if (names.Count == 0 || names.Count != defaults.Count || cells[2].Trim().StartsWith('—'))
            {
                continue;
            }
            foreach (var (name, documented) in names.Zip(defaults))
            {
                compared.Add(name);
                if (DefaultOf(name) is var actual && actual != documented)
                {
                    wrong.Add($"{name}: README says {documented}, the server uses {actual}");
                }
            }
        }

        Assert.Equal(Array.Empty<string>(), wrong);
        Assert.True(compared.Count >= 20, $"only {compared.Count} defaults were compared: {string.Join(", ", compared)}");
    }

    [Fact]
    public void The_help_names_only_variables_the_server_reads()
    {
        var named = System.Text.RegularExpressions.Regex.Matches(CommandLineFlags.Usage, @"\b[A-Z][A-Za-z]+__[A-Za-z0-9_]+").Select(m => m.Value).ToList();

        Assert.True(named.Count >= 10, CommandLineFlags.Usage);
        Assert.Equal(Array.Empty<string>(), named.Where(name => !VariablesTheServerReads().Contains(name)).ToArray());
    }

    private static IEnumerable<string> Backticked(string cell) =>
        System.Text.RegularExpressions.Regex.Matches(cell, "`([^`]+)`").Select(m => m.Groups[1].Value);

    /// <summary>What a fresh options object holds for a variable, written as the README writes it.</summary>
    private static string? DefaultOf(string variable)
    {
        var (prefix, type) = SettingsClasses.Single(c => variable.StartsWith(c.Prefix + "__", StringComparison.Ordinal));
        var value = Activator.CreateInstance(type);
        foreach (var part in variable[(prefix.Length + 2)..].Split("__"))
        {
            value = value?.GetType().GetProperty(part)?.GetValue(value);
        }
        return value switch
        {
            TimeSpan span => span.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            bool flag => flag ? "true" : "false",
            IFormattable number => number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value?.ToString(),
        };
    }

    [Fact]
    public void The_sandbox_readme_table_names_an_id_for_every_scenario_and_only_ids_the_sandbox_knows()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "src", "RunwayRelay.Sandbox", "README.md"));
        var table = readme[readme.IndexOf("## Task ids", StringComparison.Ordinal)..readme.IndexOf("## Settings", StringComparison.Ordinal)];
        var ids = table.Split('\n')
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .SelectMany(line => System.Text.RegularExpressions.Regex.Matches(line.Split('|')[1], "`([^`]+)`").Select(m => m.Groups[1].Value))
            .ToList();

        var played = ids.Select(id => SandboxCatalogue.Classify(id).Scenario).ToHashSet();

        Assert.DoesNotContain(SandboxScenario.NotFound, played);
        Assert.Equal(Array.Empty<SandboxScenario>(), Enum.GetValues<SandboxScenario>().Where(s => s != SandboxScenario.NotFound && !played.Contains(s)).ToArray());
    }

    [Fact]
    public void Secrets_are_marked_secret_and_every_variable_is_described()
    {
        foreach (var variable in Package().GetProperty("environmentVariables").EnumerateArray())
        {
            var name = variable.GetProperty("name").GetString()!;
            // A proxy URL may carry the proxy's password.
            var secret = name is "Relay__ApiKey" or "Server__BearerToken" or "HTTPS_PROXY" or "HTTP_PROXY";
            Assert.True(secret == variable.GetProperty("isSecret").GetBoolean(), $"{name}: isSecret should be {secret}");
            Assert.True(variable.GetProperty("description").GetString()!.Length > 20, $"{name} needs a description");
        }
    }

    [Fact]
    public void Server_json_matches_the_project_file()
    {
        var project = XDocument.Load(Path.Combine(Root, "src", "RunwayRelay.Mcp", "RunwayRelay.Mcp.csproj"));
        string? Property(string name) => project.Descendants(name).FirstOrDefault()?.Value;
        var package = Package();

        Assert.Equal(Property("PackageId"), package.GetProperty("identifier").GetString());
        Assert.Equal("McpServer", Property("PackageType"));
        Assert.Equal("true", Property("PackAsTool"));
        Assert.Equal("nuget", package.GetProperty("registryType").GetString());
        Assert.Equal("stdio", package.GetProperty("transport").GetProperty("type").GetString());
        Assert.Contains(project.Descendants("None"), n => (string?)n.Attribute("Include") == ".mcp/server.json" && (string?)n.Attribute("Pack") == "true");
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("src/RunwayRelay.Mcp/README.md")]
    public void Host_entries_start_the_package_through_dotnet_not_the_dnx_script(string readme)
    {
        // Hosts start a server without a shell: `dnx` is a script that some installs leave off PATH (this repository's
        // CI image among them), and dnx.cmd on Windows, which Node's spawn cannot start (Claude Code there:
        // github.com/microsoft/power-platform-skills issues 405 and 536). `dotnet` is where the SDK is.
        // .ci/run starts each entry's command as a host does.
        var text = File.ReadAllText(Path.Combine(Root, readme));
        var entries = System.Text.RegularExpressions.Regex.Matches(text, "```json\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => JsonDocument.Parse(m.Groups[1].Value).RootElement)
            .Where(json => json.TryGetProperty("servers", out _))
            .SelectMany(json => json.GetProperty("servers").EnumerateObject().Select(server => server.Value))
            .ToList();

        Assert.NotEmpty(entries);
        Assert.All(entries, entry =>
        {
            Assert.Equal("dotnet", entry.GetProperty("command").GetString());
            Assert.Equal("dnx", entry.GetProperty("args")[0].GetString());
        });
        Assert.DoesNotContain("-- dnx ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("`dnx RunwayRelay", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_server_runs_on_a_newer_runtime_when_net_10s_is_absent()
    {
        // dnx runs the tool on the runtime of whichever SDK brought it; only this setting lets a host with just a
        // newer SDK start it (.ci/run starts the package on .NET 11 alone).
        var runtimeConfig = Path.Combine(AppContext.BaseDirectory, "RunwayRelay.Mcp.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(runtimeConfig));
        var options = document.RootElement.GetProperty("runtimeOptions");

        Assert.Equal("Major", options.TryGetProperty("rollForward", out var rollForward) ? rollForward.GetString() : "(not set)");
    }

    [Fact]
    public async Task One_version_everywhere()
    {
        var repositoryVersion = XDocument.Load(Path.Combine(Root, "Directory.Build.props")).Descendants("VersionPrefix").Single().Value;
        await using var harness = await McpServerHarness.StartAsync();

        Assert.Equal(repositoryVersion, ProductInfo.Version);
        Assert.Equal(repositoryVersion, ServerJson().GetProperty("version").GetString());
        Assert.Equal(repositoryVersion, Package().GetProperty("version").GetString());
        Assert.Equal(repositoryVersion, harness.Client.ServerInfo!.Version);
        Assert.Equal(repositoryVersion, typeof(RelayMcpServiceCollectionExtensions).Assembly.GetName().Version!.ToString(3));
    }
}
