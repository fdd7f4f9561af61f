using System.Text.RegularExpressions;

namespace RunwayRelay.Mcp.Tests;

/// <summary>Keeps the Markdown that readers follow honest: the front page short, and every link inside the repository pointing somewhere.</summary>
public sealed partial class DocumentationTests
{
    private static readonly string Root = RepositoryRoot.Path;

    // Folders that hold build output, installed packages or history, not documentation.
    private static readonly string[] NotDocumentation = ["bin", "obj", "node_modules", "artifacts", ".git", "TestResults"];

    [Fact]
    public void The_readme_stays_a_front_page_of_at_most_16_KB()
    {
        var bytes = new FileInfo(Path.Combine(Root, "README.md")).Length;

        Assert.True(bytes <= 16 * 1024, $"README.md is {bytes} bytes; move detail into the README beside the code it describes.");
    }

    [Fact]
    public void Every_relative_link_in_the_repository_markdown_points_at_a_file_that_exists()
    {
        var files = MarkdownFiles(Root).ToList();
        var broken = new List<string>();
        foreach (var file in files)
        {
            foreach (Match link in RelativeLink().Matches(File.ReadAllText(file)))
            {
                var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, link.Groups["path"].Value));
                if (!File.Exists(target) && !Directory.Exists(target))
                {
                    broken.Add($"{Path.GetRelativePath(Root, file)} → {link.Groups["path"].Value}");
                }
            }
        }

        Assert.Contains(files, f => Path.GetRelativePath(Root, f) == "README.md");
        Assert.Equal(Array.Empty<string>(), broken);
    }

    [Fact]
    public void Every_link_to_a_section_names_a_heading_of_its_file()
    {
        var broken = new List<string>();
        var links = 0;
        foreach (var file in MarkdownFiles(Root))
        {
            foreach (Match link in SectionLink().Matches(File.ReadAllText(file)))
            {
                links++;
                var path = link.Groups["path"].Value;
                var target = path.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path));
                if (target.EndsWith(".md", StringComparison.Ordinal) && File.Exists(target) && !SectionsOf(target).Contains(link.Groups["section"].Value))
                {
                    broken.Add($"{Path.GetRelativePath(Root, file)} → {path}#{link.Groups["section"].Value}");
                }
            }
        }

        Assert.True(links > 10, $"only {links} links to sections found: the pattern no longer matches the Markdown");
        Assert.Equal(Array.Empty<string>(), broken);
    }

    // The anchors GitHub gives a file's headings: lower case, spaces as hyphens, other punctuation dropped.
    private static HashSet<string> SectionsOf(string file) =>
        [.. File.ReadAllLines(file).Where(line => line.StartsWith('#')).Select(line => string.Concat(line.TrimStart('#').Trim().ToLowerInvariant()
            .Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_')).Replace(' ', '-'))];

    private static IEnumerable<string> MarkdownFiles(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*.md"))
        {
            yield return file;
        }
        foreach (var child in Directory.EnumerateDirectories(folder))
        {
            if (NotDocumentation.Contains(Path.GetFileName(child), StringComparer.Ordinal))
            {
                continue;
            }
            foreach (var file in MarkdownFiles(child))
            {
                yield return file;
            }
        }
    }

    // A Markdown link to a section of a file in the repository: [text](#anchor) or [text](path#anchor).
    [GeneratedRegex(@"\]\((?!https?:|mailto:)(?<path>[^)#\s]*)#(?<section>[^)\s]+)\)")]
    private static partial Regex SectionLink();

    // A Markdown link or image whose target is not a URL: [text](path) or [text](path#anchor).
    [GeneratedRegex(@"\]\((?!https?:|mailto:|#)(?<path>[^)#\s]+)(#[^)\s]*)?\)")]
    private static partial Regex RelativeLink();
}
