namespace RunwayRelay.Client.Tests;

/// <summary>A refused id is explained precisely enough to mend it: what is wrong, and where.</summary>
public sealed class TaskIdRulesTests
{
    [Theory]
    [InlineData("2f19d8a7-3b74-4fc4-af42-d0bcadbaec54")]
    [InlineData("demo-success_2")]
    [InlineData("A")]
    public void Accepts_ids_of_the_pattern(string taskId)
    {
        Assert.Null(TaskIdRules.Explain(taskId));
        Assert.True(TaskIdRules.IsValid(taskId));
    }

    [Fact]
    public void An_id_of_128_characters_is_the_longest_taken()
    {
        Assert.Null(TaskIdRules.Explain(new string('a', 128)));
        Assert.True(TaskIdRules.IsValid(new string('a', 128)));
        Assert.Equal("task_id is 129 characters long; ids are at most 128 (Runway's are 36-character UUIDs).", TaskIdRules.Explain(new string('a', 129)));
        Assert.False(TaskIdRules.IsValid(new string('a', 129)));
    }

    [Theory]
    [InlineData(" 2f19d8a7", "task_id contains a space at character 1: pass the id alone, without spaces or quotes.")]
    [InlineData("abc def", "task_id contains a space at character 4: pass the id alone, without spaces or quotes.")]
    [InlineData("\"abc\"", "task_id contains '\"' at character 1: pass the id alone, without spaces or quotes.")]
    [InlineData("abc.def", "task_id contains '.' at character 4.")]
    [InlineData("-abc", "task_id starts with '-'.")]
    [InlineData("_abc", "task_id starts with '_'.")]
    [InlineData("ＤＥＭＯ", "task_id contains 'Ｄ' (U+FF24) at character 1.")]
    [InlineData("ab\u00a0c", "task_id contains '\u00a0' (U+00A0) at character 3: pass the id alone, without spaces or quotes.")]
    [InlineData("ab\ud83c\udfa5", "task_id contains '\ud83c\udfa5' (U+1F3A5) at character 3.")]
    [InlineData("   ", "task_id is blank.")]
    [InlineData("https://api.dev.runwayml.com/v1/tasks/2f19d8a7-3b74-4fc4-af42-d0bcadbaec54",
        "task_id looks like a URL or path: pass only the id at its end, 2f19d8a7-3b74-4fc4-af42-d0bcadbaec54.")]
    [InlineData("tasks/abc/?x=1#y", "task_id looks like a URL or path: pass only the id at its end, abc.")]
    [InlineData("tasks/", "task_id contains '/' at character 6.")]
    [InlineData("../x", "task_id contains '.' at character 1.")]
    [InlineData("a/b", "task_id contains '/' at character 2.")]
    public void Names_what_is_wrong_and_where(string taskId, string expectedStart)
    {
        var problem = TaskIdRules.Explain(taskId);

        Assert.NotNull(problem);
        Assert.StartsWith(expectedStart + " An id may contain only letters, digits, '-' and '_'", problem, StringComparison.Ordinal);
        Assert.False(TaskIdRules.IsValid(taskId));
    }

    [Fact]
    public void Names_an_unpaired_surrogate_by_its_code()
    {
        // Built here: xUnit's data serialisation would turn a lone surrogate into U+FFFD.
        var problem = TaskIdRules.Explain(string.Concat("ab", char.ConvertFromUtf32(0x1F3A5).AsSpan(0, 1), "c"));

        Assert.StartsWith("task_id contains an unpaired surrogate (U+D83C) at character 3.", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_client_refuses_with_the_same_words()
    {
        var error = Assert.Throws<ArgumentException>(() => TaskIdRules.ThrowIfInvalid("v1/tasks/abc"));

        Assert.Equal("taskId", error.ParamName);
        Assert.StartsWith("task_id looks like a URL or path: pass only the id at its end, abc.", error.Message, StringComparison.Ordinal);
    }
}
