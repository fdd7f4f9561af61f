namespace RunwayRelay.Client.Tests;

/// <summary>The Verify stand-in itself: it passes on a match, fails with a readable diff, and never accepts on CI.</summary>
public sealed class SnapshotTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "snapshot-tests-" + Guid.NewGuid().ToString("N"));

    private string SourceFile => Path.Combine(folder, "Sample.cs");

    private string Verified => Path.Combine(folder, "Snapshots", "Sample.Case.verified.txt");

    private string Received => Path.Combine(folder, "Snapshots", "Sample.Case.received.txt");

    public SnapshotTests() => Directory.CreateDirectory(Path.Combine(folder, "Snapshots"));

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_match_passes_and_leaves_no_received_file()
    {
        File.WriteAllText(Verified, "one\ntwo\n");
        File.WriteAllText(Received, "stale");

        Snapshot.Verify("one\r\ntwo", null, SourceFile, "Case", onCi: true, accept: false);

        Assert.False(File.Exists(Received));
    }

    [Fact]
    public void A_mismatch_fails_with_a_unified_diff_and_writes_the_received_file()
    {
        File.WriteAllText(Verified, "a\nb\nc\nd\ne\nf\ng\nh\n");

        var error = Assert.Throws<SnapshotMismatchException>(() => Snapshot.Verify("a\nb\nc\nd\nE\nf\ng\nh\n", null, SourceFile, "Case", onCi: false, accept: false));

        Assert.Contains("--- verified\n+++ received\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n", error.Message, StringComparison.Ordinal);
        Assert.Equal("a\nb\nc\nd\nE\nf\ng\nh\n", File.ReadAllText(Received));
    }

    [Fact]
    public void A_missing_snapshot_fails_and_is_not_created()
    {
        // Even when asked to accept: CI never creates or changes a verified snapshot.
        Assert.Throws<SnapshotMismatchException>(() => Snapshot.Verify("new", null, SourceFile, "Case", onCi: true, accept: true));

        Assert.False(File.Exists(Verified));
        Assert.True(File.Exists(Received));
    }

    [Fact]
    public void Accepting_outside_ci_writes_the_verified_snapshot()
    {
        Snapshot.Verify("new", null, SourceFile, "Case", onCi: false, accept: true);

        Assert.Equal("new\n", File.ReadAllText(Verified));
        Assert.False(File.Exists(Received));
    }

    [Fact]
    public void Volatile_values_are_scrubbed()
    {
        var text = Snapshot.Normalize("at http://127.0.0.1:41234/x and localhost:5000, commit 0123456789abcdef0123456789abcdef01234567");

        Assert.Equal("at http://127.0.0.1:{port}/x and localhost:{port}, commit {commit}\n", text);
    }
}
