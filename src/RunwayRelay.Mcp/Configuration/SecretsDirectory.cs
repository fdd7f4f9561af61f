using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.KeyPerFile;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Configuration;

/// <summary>
/// Secrets in files, as containers are handed them (Docker's <c>/run/secrets</c>, a Kubernetes Secret mounted as a
/// volume) rather than in environment variables, which <c>docker inspect</c>, <c>/proc/&lt;pid&gt;/environ</c> and child
/// processes show. With <c>Secrets:Directory</c> set, each file there named as an environment variable
/// (<c>Relay__ApiKey</c>, <c>Server__BearerToken</c>) gives that setting its content, one trailing line break dropped:
/// ASP.NET Core's key-per-file provider, which skips dot-files (a Kubernetes volume's <c>..data</c>).
/// </summary>
internal static class SecretsDirectory
{
    /// <summary>The setting naming the directory.</summary>
    public const string Setting = "Secrets:Directory";

    private const string Section = "Secrets";

    // What a file may name besides the server's own sections: the sandbox's and logging settings, and the OpenTelemetry
    // exporter's OTEL_* variables (OTEL_EXPORTER_OTLP_HEADERS may hold a collector's key).
    private static readonly string[] OtherSections = [SandboxOptions.Section, "Logging"];

    /// <summary>
    /// Adds the directory's files to <paramref name="settings"/> as the source before the last one (the command line),
    /// so they win over environment variables and settings files and the command line wins over them.
    /// </summary>
    /// <exception cref="OptionsValidationException">The directory or a file in it cannot serve: each problem, said as
    /// start says settings problems.</exception>
    public static void AddTo(ConfigurationManager settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var section = settings.GetSection(Section);
        var problems = section.GetChildren().Where(key => key.Key != "Directory")
            .Select(key => $"{key.Path} is not a setting; {Setting} (environment variable Secrets__Directory) is the one setting of that section.").ToList();
        var directory = section["Directory"];
        // One provider for the names checked here and the values read below: what is checked is what is read.
        var files = !string.IsNullOrEmpty(directory) && Directory.Exists(directory) ? new PhysicalFileProvider(Path.GetFullPath(directory)) : null;
        if (files is not null)
        {
            problems.AddRange(FileNameProblems(files));
        }
        else if (!string.IsNullOrEmpty(directory))
        {
            problems.Add($"{Setting} has '{directory}', which is not a directory; give the directory the secrets are mounted in, such as /run/secrets.");
        }
        if (problems.Count > 0)
        {
            throw Invalid(problems);
        }
        if (files is null)
        {
            return;
        }
        try
        {
            settings.Sources.Insert(settings.Sources.Count - 1, new KeyPerFileConfigurationSource { FileProvider = files, Optional = false });
        }
        catch (Exception unreadable) when (unreadable is IOException or UnauthorizedAccessException)
        {
            // A file the process may not read, or a link to nothing (a Kubernetes volume's, mid-update).
            throw Invalid([$"{Setting}: {unreadable.Message} Make each file there readable by this process, or remove it."]);
        }
    }

    // The files the provider reads (dot-files aside) that name no setting: a secret named as Docker Compose names it
    // by default (relay_key) would otherwise be read as a setting no one asks for, and the one meant stay unset.
    private static IEnumerable<string> FileNameProblems(PhysicalFileProvider files) =>
        files.GetDirectoryContents("").Where(file => !file.IsDirectory).Select(file => file.Name).Where(name => !NamesASetting(name))
            .Order(StringComparer.Ordinal)
            .Select(name => $"{Setting} holds a file '{name}', which names no setting: name it after the environment variable it stands for, {SettingsCatalogue.Find(name)?.Variable ?? "such as Relay__ApiKey"}, or leave it out of the directory.");

    // A setting of a section (Relay__ApiKey), or a variable of the OpenTelemetry exporter's.
    private static bool NamesASetting(string fileName)
    {
        var parts = fileName.Split("__");
        return parts.Length == 1
            ? parts[0].StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase)
            : SettingsCatalogue.SectionNames.Concat(OtherSections).Contains(parts[0], StringComparer.OrdinalIgnoreCase);
    }

    // Said as start says every settings problem (StartupFailure), all at once.
    private static OptionsValidationException Invalid(IEnumerable<string> problems) => new(Section, typeof(SecretsDirectory), problems);
}
