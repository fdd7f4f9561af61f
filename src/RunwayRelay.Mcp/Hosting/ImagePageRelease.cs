using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RunwayRelay.Mcp.Hosting;

/// <summary>
/// Native AOT on Linux: gives back the pages of the executable that start-up read once and nothing reads again.
/// Before <c>Main</c> the runtime expands the type data kept compressed in the image (about 7 MB) into memory of its
/// own, and the compressed copy stays resident for the life of the process: a fifth of the server's memory. Dropping
/// the image's unmodified read-only pages from the process lets that go; a page still in use (code, tables read
/// later) comes back from the page cache at its next touch with the same content, exactly as after the kernel evicts
/// it under memory pressure, because a mapping that no write has reached is the file. A mapping with a page of its own
/// (data the loader relocated, then made read-only) is left alone: dropping it would undo the relocation.
/// </summary>
internal static partial class ImagePageRelease
{
    private const int DontNeed = 4; // MADV_DONTNEED
    private static readonly SearchValues<char> LowerHexDigits = SearchValues.Create("0123456789abcdef");

    /// <summary>Releases the executable's clean read-only pages; null where that does not apply (JIT, not Linux).</summary>
    public static ReleaseOutcome? ReleaseExecutablePages() =>
        OperatingSystem.IsLinux() && !RuntimeFeature.IsDynamicCodeSupported && Environment.ProcessPath is { } image
            ? Release(Path.GetFullPath(image))
            : null;

    /// <summary>Releases the clean read-only mappings of one file in this process; never throws.</summary>
    internal static ReleaseOutcome Release(string mappedFile)
    {
        try
        {
            var released = 0L;
            var regions = 0;
            foreach (var region in CleanReadOnlyRegions(File.ReadAllLines("/proc/self/smaps"), mappedFile))
            {
                if (Madvise((nint)region.Start, (nuint)region.Length, DontNeed) == 0)
                {
                    released += region.ResidentBytes;
                    regions++;
                }
            }
            return new ReleaseOutcome(released, regions, null);
        }
        // Unreadable /proc (hardened containers), an smaps line of a shape not seen before, or a C library without
        // madvise under the name "libc": the server starts as it would have, with the pages kept.
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or OverflowException
            or DllNotFoundException or EntryPointNotFoundException)
        {
            return new ReleaseOutcome(0, 0, exception.Message);
        }
    }

    /// <summary>
    /// From <c>/proc/self/smaps</c>: the mappings of <paramref name="mappedFile"/> that are not writable, have pages
    /// resident, and hold no page of their own ("Anonymous: 0 kB", nothing in them was ever written).
    /// </summary>
    internal static IEnumerable<MappedRegion> CleanReadOnlyRegions(IReadOnlyList<string> smaps, string mappedFile)
    {
        ArgumentNullException.ThrowIfNull(smaps);
        MappedRegion? candidate = null;
        var anonymousKb = -1L;
        foreach (var line in smaps)
        {
            if (TryReadMappingHeader(line, out var region, out var permissions, out var path))
            {
                if (IsClean(candidate, anonymousKb))
                {
                    yield return candidate!.Value;
                }
                candidate = path == mappedFile && permissions is ['r', not 'w', _, _] ? region : null;
                anonymousKb = -1;
            }
            else if (candidate is { } current)
            {
                if (line.StartsWith("Rss:", StringComparison.Ordinal))
                {
                    candidate = current with { ResidentBytes = Kilobytes(line) * 1024 };
                }
                else if (line.StartsWith("Anonymous:", StringComparison.Ordinal))
                {
                    anonymousKb = Kilobytes(line);
                }
            }
        }
        if (IsClean(candidate, anonymousKb))
        {
            yield return candidate!.Value;
        }
    }

    // A mapping whose Anonymous line never came is not known to be clean.
    private static bool IsClean(MappedRegion? candidate, long anonymousKb) =>
        candidate is { ResidentBytes: > 0 } && anonymousKb == 0;

    // "7f1c2a000000-7f1c2a200000 r--p 00000000 08:01 123456    /path/to/file"; field lines start with "Name:".
    private static bool TryReadMappingHeader(string line, out MappedRegion region, out string permissions, out string path)
    {
        region = default;
        permissions = path = string.Empty;
        var dash = line.IndexOf('-', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (dash <= 0 || space <= dash || line.AsSpan(0, dash).ContainsAnyExcept(LowerHexDigits))
        {
            return false;
        }
        var start = long.Parse(line.AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        var end = long.Parse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        region = new MappedRegion(start, end - start, 0);
        permissions = fields.Length > 1 ? fields[1] : string.Empty;
        path = fields.Length == 6 ? fields[5].TrimStart() : string.Empty;
        return true;
    }

    private static long Kilobytes(string line)
    {
        var value = line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim();
        return long.Parse(value.EndsWith(" kB", StringComparison.Ordinal) ? value[..^3] : value, CultureInfo.InvariantCulture);
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);

    /// <summary>A mapping: where it starts, how long it is, how much of it was resident.</summary>
    internal readonly record struct MappedRegion(long Start, long Length, long ResidentBytes);

    /// <summary>How much resident memory was released, from how many mappings, or why nothing was.</summary>
    internal readonly record struct ReleaseOutcome(long ResidentBytesReleased, int Regions, string? Problem);
}
