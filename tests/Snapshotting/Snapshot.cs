using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace RunwayRelay.Testing;

/// <summary>
/// A small stand-in for Verify (Verify.Xunit cannot be restored here: its core package, Verify, is not served by
/// the registry these machines reach). It follows Verify's conventions so that switching is a package reference and
/// a <c>using</c>: <c>Snapshots/{Class}.{Method}.verified.txt</c> beside the test file, a <c>.received.txt</c> written
/// beside it on a mismatch, the test failing with a unified diff. A missing snapshot fails too, and on CI
/// (<c>CI=true</c>) nothing is ever accepted. To accept what the tests received: <c>SNAPSHOT_ACCEPT=true dotnet test</c>.
/// </summary>
public static class Snapshot
{
    private static readonly List<(Regex Pattern, string Replacement)> Scrubbers =
    [
        // Ports and versions change from run to run and release to release; what they stand for does not.
        (new Regex(@"(127\.0\.0\.1|localhost):\d+", RegexOptions.Compiled), "$1:{port}"),
        (new Regex(@"\b[0-9a-f]{40}\b", RegexOptions.Compiled), "{commit}"),
        (new Regex(@"\b[0-9A-F]{128}\b", RegexOptions.Compiled), "{hash}"),
    ];

    /// <summary>Compares <paramref name="received"/> with the verified snapshot for the calling test.</summary>
    /// <param name="received">The text the test produced.</param>
    /// <param name="parameters">For a theory: what tells its cases apart, such as <c>case=failed</c>.</param>
    public static void Verify(string received, string? parameters = null, [CallerFilePath] string sourceFile = "", [CallerMemberName] string method = "") =>
        Verify(
            received,
            parameters,
            sourceFile,
            method,
            onCi: string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
            accept: string.Equals(Environment.GetEnvironmentVariable("SNAPSHOT_ACCEPT"), "true", StringComparison.OrdinalIgnoreCase));

    /// <summary>As <see cref="Verify(string, string?, string, string)"/>, with the environment's two switches given explicitly.</summary>
    public static void Verify(string received, string? parameters, string sourceFile, string method, bool onCi, bool accept)
    {
        ArgumentNullException.ThrowIfNull(received);
        sourceFile = ResolveSourceFile(sourceFile);
        var type = Path.GetFileNameWithoutExtension(sourceFile);
        var name = parameters is null ? $"{type}.{method}" : $"{type}.{method}_{parameters}";
        var folder = Path.Combine(Path.GetDirectoryName(sourceFile)!, "Snapshots");
        var verifiedPath = Path.Combine(folder, $"{name}.verified.txt");
        var receivedPath = Path.Combine(folder, $"{name}.received.txt");
        var text = Normalize(received);

        var verified = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
        if (verified == text)
        {
            File.Delete(receivedPath);
            return;
        }
        Directory.CreateDirectory(folder);
        if (accept && !onCi)
        {
            File.WriteAllText(verifiedPath, text);
            File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, text);
        throw new SnapshotMismatchException(verified is null
            ? $"No verified snapshot {Relative(verifiedPath)}. Review {Relative(receivedPath)}; accept it with: SNAPSHOT_ACCEPT=true dotnet test"
            : $"Snapshot {Relative(verifiedPath)} differs from what the test received ({Relative(receivedPath)}):\n{UnifiedDiff(verified, text)}\nIf the change is meant, accept it with: SNAPSHOT_ACCEPT=true dotnet test");
    }

    /// <summary>Line endings to LF, one final newline, and volatile values scrubbed.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = text.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";
        foreach (var (pattern, replacement) in Scrubbers)
        {
            normalized = pattern.Replace(normalized, replacement);
        }
        return normalized;
    }

    /// <summary>A unified diff (three lines of context) between two texts, line by line.</summary>
    public static string UnifiedDiff(string expected, string actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        // Longest common subsequence table, from the end, so the walk below reads forwards.
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }
        var edits = new List<(char Op, string Line, int A, int B)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                edits.Add((' ', a[x], x++, y++));
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                edits.Add(('-', a[x], x++, y));
            }
            else
            {
                edits.Add(('+', b[y], x, y++));
            }
        }
        var output = new StringBuilder().Append("--- verified\n+++ received\n");
        const int context = 3;
        for (var k = 0; k < edits.Count;)
        {
            if (edits[k].Op == ' ')
            {
                k++;
                continue;
            }
            var start = Math.Max(0, k - context);
            var end = k;
            while (end < edits.Count && (edits[end].Op != ' ' || NextChangeWithin(edits, end, 2 * context)))
            {
                end++;
            }
            end = Math.Min(edits.Count, end + context);
            var hunk = edits.GetRange(start, end - start);
            output.Append(System.Globalization.CultureInfo.InvariantCulture, $"@@ -{hunk[0].A + 1},{hunk.Count(e => e.Op != '+')} +{hunk[0].B + 1},{hunk.Count(e => e.Op != '-')} @@\n");
            foreach (var (op, line, _, _) in hunk)
            {
                output.Append(op).Append(line).Append('\n');
            }
            k = end;
        }
        return output.ToString();
    }

    private static bool NextChangeWithin(List<(char Op, string Line, int A, int B)> edits, int from, int distance)
    {
        for (var i = from; i < Math.Min(edits.Count, from + distance + 1); i++)
        {
            if (edits[i].Op != ' ')
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Deterministic builds (CI sets ContinuousIntegrationBuild) map source paths to <c>/_/</c>; map them back onto
    /// the repository that holds the test binaries, so snapshots are found on CI as they are locally.
    /// </summary>
    private static string ResolveSourceFile(string sourceFile) =>
        File.Exists(sourceFile) || !sourceFile.StartsWith("/_/", StringComparison.Ordinal)
            ? sourceFile
            : Path.Combine(RepositoryRoot.Path, sourceFile["/_/".Length..]);

    private static string Relative(string path) => Path.GetRelativePath(RepositoryRoot.Path, path).Replace('\\', '/');
}
