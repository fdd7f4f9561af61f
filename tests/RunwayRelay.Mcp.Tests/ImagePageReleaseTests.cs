using System.IO.MemoryMappedFiles;
using Microsoft.Extensions.Logging;
using RunwayRelay.Client;
using RunwayRelay.Mcp.Hosting;

namespace RunwayRelay.Mcp.Tests;

/// <summary>Giving back start-up pages of the image: only clean read-only mappings, and their content survives.</summary>
public sealed class ImagePageReleaseTests
{
    private const string Image = "/opt/runway-relay-mcp/RunwayRelay.Mcp";

    [Fact]
    public void Only_unwritten_read_only_mappings_of_the_image_with_pages_resident_are_chosen()
    {
        string[] smaps =
        [
            .. Mapping("00400000-00600000", "r--p", Image, rssKb: 1024, anonymousKb: 0),          // headers, rodata: chosen
            .. Mapping("00600000-00600000", "r-", Image, rssKb: 64, anonymousKb: 8),              // a shape not seen before
            .. Mapping("00600000-00a00000", "r-xp", Image, rssKb: 2048, anonymousKb: 0),          // code: chosen
            .. Mapping("00a00000-00a10000", "r--p", Image, rssKb: 64, anonymousKb: 8),            // relocated, then read-only
            .. Mapping("00a10000-00a20000", "rw-p", Image, rssKb: 64, anonymousKb: 0),            // writable data
            .. Mapping("00a20000-00a30000", "r--p", Image, rssKb: 0, anonymousKb: 0),             // nothing resident
            .. Mapping("00a30000-00a40000", "---p", Image, rssKb: 4, anonymousKb: 0),             // not readable: a guard
            .. Mapping("7f0000000000-7f0000100000", "r--p", "/usr/lib/libc.so.6", rssKb: 512, anonymousKb: 0),
            .. Mapping("7f0000100000-7f0000200000", "rw-p", string.Empty, rssKb: 512, anonymousKb: 512),
            .. Mapping("7f0000200000-7f0000210000", "r--p", Image + " (deleted)", rssKb: 64, anonymousKb: 0),
            .. Mapping("7f0000300000-7f0000310000", "r--s", Image, rssKb: 16, anonymousKb: 0),    // last in the file: chosen
        ];

        var chosen = ImagePageRelease.CleanReadOnlyRegions(smaps, Image).ToList();

        Assert.Equal(
            [
                new ImagePageRelease.MappedRegion(0x400000, 0x200000, 1024 * 1024),
                new ImagePageRelease.MappedRegion(0x600000, 0x400000, 2048 * 1024),
                new ImagePageRelease.MappedRegion(0x7f0000300000, 0x10000, 16 * 1024),
            ],
            chosen);
    }

    [Fact]
    public void A_mapping_whose_anonymous_count_is_missing_is_not_taken_for_clean()
    {
        string[] smaps = ["00400000-00600000 r--p 00000000 08:01 42    " + Image, "Size:               2048 kB", "Rss:                1024 kB"];

        Assert.Empty(ImagePageRelease.CleanReadOnlyRegions(smaps, Image));
    }

    [Fact]
    public void Released_pages_leave_the_process_and_read_back_unchanged()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "madvise and /proc/self/smaps are Linux's");
        var path = Path.Combine(Path.GetTempPath(), $"image-page-release-{Guid.NewGuid():N}.bin");
        var content = new byte[256 * 1024];
        new Random(7).NextBytes(content);
        File.WriteAllBytes(path, content);
        try
        {
            using var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            using var view = file.CreateViewAccessor(0, content.Length, MemoryMappedFileAccess.Read);
            var before = ReadAll(view, content.Length);
            var resident = ImagePageRelease.CleanReadOnlyRegions(File.ReadAllLines("/proc/self/smaps"), path).Sum(r => r.ResidentBytes);
            Assert.True(resident >= content.Length, $"the mapping was read, so it is resident ({resident} bytes)");

            var outcome = ImagePageRelease.Release(path);

            Assert.Null(outcome.Problem);
            Assert.Equal(resident, outcome.ResidentBytesReleased);
            Assert.Empty(ImagePageRelease.CleanReadOnlyRegions(File.ReadAllLines("/proc/self/smaps"), path));
            Assert.Equal(content, before);
            Assert.Equal(content, ReadAll(view, content.Length));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Under_the_JIT_the_executable_is_the_dotnet_host_and_nothing_is_released()
    {
        Assert.Null(ImagePageRelease.ReleaseExecutablePages());
    }

    [Fact]
    public void The_start_up_notes_say_how_much_was_released_or_why_nothing_was()
    {
        var logs = new CapturedLogs();
        using (var factory = LoggerFactory.Create(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug)))
        {
            var logger = factory.CreateLogger("RunwayRelay.Mcp");
            var relay = new RelayOptions { BaseUrl = new Uri("http://127.0.0.1:9/"), ApiKey = "not-logged" };
            StartupNotices.Log(logger, new ServerOptions(), relay, null, new ImagePageRelease.ReleaseOutcome(7 * 1048576 + 314573, 4, null));
            StartupNotices.Log(logger, new ServerOptions(), relay, null, new ImagePageRelease.ReleaseOutcome(0, 0, "Access to the path '/proc/self/smaps' is denied."));
            StartupNotices.Log(logger, new ServerOptions(), relay, null, null);
        }

        var notes = logs.Lines.Where(l => l.Contains("executable image", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                "Debug RunwayRelay.Mcp: Released 7.3 MB of start-up pages of the executable image (4 mappings).",
                "Debug RunwayRelay.Mcp: Kept the start-up pages of the executable image: Access to the path '/proc/self/smaps' is denied.",
            ],
            notes);
    }

    private static byte[] ReadAll(MemoryMappedViewAccessor view, int length)
    {
        var bytes = new byte[length];
        view.ReadArray(0, bytes, 0, length);
        return bytes;
    }

    private static string[] Mapping(string range, string permissions, string path, int rssKb, int anonymousKb) =>
    [
        $"{range} {permissions} 00000000 08:01 42    {path}".TrimEnd(),
        $"Size:               {rssKb * 2} kB",
        $"Rss:                {rssKb} kB",
        $"Pss:                {rssKb} kB",
        $"Anonymous:          {anonymousKb} kB",
        "VmFlags: rd mr mw me dw sd",
    ];
}
