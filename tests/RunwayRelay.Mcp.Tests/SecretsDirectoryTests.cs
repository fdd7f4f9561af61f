using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using RunwayRelay.Client;
using RunwayRelay.Mcp.Configuration;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// Secrets read from files (<c>Secrets__Directory</c>), laid out as Docker and Kubernetes lay them out, through the
/// server's own settings sources. The precedence over environment variables is checked on a process
/// (<see cref="ServerProcessTests"/>), since the environment is the test process's own here.
/// </summary>
public sealed class SecretsDirectoryTests : IDisposable
{
    private readonly DirectoryInfo secrets = Directory.CreateTempSubdirectory("runway-relay-secrets-");

    public void Dispose() => secrets.Delete(recursive: true);

    [Fact]
    public void Each_file_is_the_setting_its_name_spells_with_one_trailing_line_break_dropped()
    {
        Write("Relay__ApiKey", "sk-from-a-file-0001\n");
        Write("Server__BearerToken", "token-from-a-file-0002");
        Write("OTEL_EXPORTER_OTLP_HEADERS", "api-key=collector-key");
        // Sections that are not the server's own options are settings too: the sandbox's and logging's.
        Write("Sandbox__SlowSeconds", "3");
        Write("Logging__LogLevel__Default", "Warning");

        var settings = SettingsSources.Read([$"--{SecretsDirectory.Setting}={secrets.FullName}"]);

        Assert.Equal("sk-from-a-file-0001", settings["Relay:ApiKey"]);
        Assert.Equal("token-from-a-file-0002", settings["Server:BearerToken"]);
        Assert.Equal("api-key=collector-key", settings["OTEL_EXPORTER_OTLP_HEADERS"]);
        Assert.Equal("3", settings["Sandbox:SlowSeconds"]);
        Assert.Equal("Warning", settings["Logging:LogLevel:Default"]);
    }

    [Fact]
    public void A_file_saved_with_windows_line_ends_keeps_its_carriage_return_which_the_key_check_names()
    {
        Write("Relay__ApiKey", "sk-from-windows-0007\r\n");

        var relay = SettingsSources.Read([$"--{SecretsDirectory.Setting}={secrets.FullName}", "--Relay:BaseUrl=https://relay.example.com"])
            .GetSection(RelayOptions.Section).Get<RelayOptions>()!;

        var problem = Assert.Single(relay.Validate());
        Assert.Contains("it ends with a line break", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-from-windows", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kubernetes_secret_volume_is_read_through_its_links_and_its_own_entries_are_skipped()
    {
        // A Secret mounted as a volume: the values in a timestamped directory, "..data" linking to it, and one link per key.
        var version = Directory.CreateDirectory(Path.Combine(secrets.FullName, "..2026_12_06_15_00_00.123456789"));
        File.WriteAllText(Path.Combine(version.FullName, "Relay__ApiKey"), "sk-from-kubernetes-0003");
        File.CreateSymbolicLink(Path.Combine(secrets.FullName, "..data"), version.Name);
        File.CreateSymbolicLink(Path.Combine(secrets.FullName, "Relay__ApiKey"), Path.Combine("..data", "Relay__ApiKey"));

        var settings = SettingsSources.Read([$"--{SecretsDirectory.Setting}={secrets.FullName}"]);

        Assert.Equal("sk-from-kubernetes-0003", settings["Relay:ApiKey"]);
        Assert.DoesNotContain(settings.AsEnumerable(), setting => setting.Key.StartsWith("..", StringComparison.Ordinal));
    }

    [Fact]
    public void The_command_line_wins_over_a_file()
    {
        Write("Relay__RunwayVersion", "2099-01-01");

        var settings = SettingsSources.Read([$"--{SecretsDirectory.Setting}={secrets.FullName}", "--Relay:RunwayVersion=2024-11-06"]);

        Assert.Equal("2024-11-06", settings["Relay:RunwayVersion"]);
    }

    [Fact]
    public void Files_that_name_no_setting_are_each_named_with_the_name_to_give_them()
    {
        // Docker Compose names a secret's file after the secret; a single-underscore variable name; another program's.
        Write("relay_key", "sk-never-read-0004");
        Write("RELAY_API_KEY", "sk-never-read-0005");
        Write("Relay__ApiKey", "sk-read-0006");

        var problems = Refusal([$"--{SecretsDirectory.Setting}={secrets.FullName}"]);

        Assert.Equal(
        [
            $"Secrets:Directory holds a file 'RELAY_API_KEY', which names no setting: name it after the environment variable it stands for, Relay__ApiKey, or leave it out of the directory.",
            $"Secrets:Directory holds a file 'relay_key', which names no setting: name it after the environment variable it stands for, such as Relay__ApiKey, or leave it out of the directory.",
        ], problems);
        Assert.DoesNotContain(problems, problem => problem.Contains("sk-", StringComparison.Ordinal));
    }

    [Fact]
    public void A_directory_that_is_not_there_and_a_misspelt_setting_are_named_together()
    {
        var problems = Refusal([$"--{SecretsDirectory.Setting}={secrets.FullName}/missing", "--Secrets:Dir=/run/secrets"]);

        Assert.Equal(2, problems.Count);
        Assert.Contains("Secrets:Dir is not a setting; Secrets:Directory (environment variable Secrets__Directory) is the one setting of that section.", problems);
        Assert.Contains($"Secrets:Directory has '{secrets.FullName}/missing', which is not a directory; give the directory the secrets are mounted in, such as /run/secrets.", problems);
    }

    [Fact]
    public void A_link_to_nothing_is_named_and_refused()
    {
        File.CreateSymbolicLink(Path.Combine(secrets.FullName, "Server__BearerToken"), "/nonexistent/runway-relay-token");

        var problem = Assert.Single(Refusal([$"--{SecretsDirectory.Setting}={secrets.FullName}"]));

        Assert.StartsWith("Secrets:Directory: Could not find file", problem, StringComparison.Ordinal);
        Assert.Contains("Server__BearerToken", problem, StringComparison.Ordinal);
        Assert.EndsWith("Make each file there readable by this process, or remove it.", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_setting_no_directory_is_read()
    {
        var settings = SettingsSources.Read([]);

        Assert.DoesNotContain(settings.Sources, source => source is Microsoft.Extensions.Configuration.KeyPerFile.KeyPerFileConfigurationSource);
    }

    private void Write(string name, string content) => File.WriteAllText(Path.Combine(secrets.FullName, name), content);

    private static IReadOnlyList<string> Refusal(string[] arguments) =>
        [.. Assert.Throws<OptionsValidationException>(() => SettingsSources.Read(arguments)).Failures];
}
