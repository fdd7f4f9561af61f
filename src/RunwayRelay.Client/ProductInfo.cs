using System.Reflection;

namespace RunwayRelay.Client;

/// <summary>The product's name and the repository's single version, as stamped at build time.</summary>
public static class ProductInfo
{
    /// <summary>Product name used in the User-Agent.</summary>
    public const string Name = "RunwayRelay";

    /// <summary>The version (without build metadata), from the assembly's informational version.</summary>
    public static string Version { get; } = ReadVersion();

    private static string ReadVersion()
    {
        var informational = typeof(ProductInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
