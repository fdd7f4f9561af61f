using Microsoft.Extensions.Options;

namespace RunwayRelay.Mcp.Configuration;

/// <summary>
/// Options validation from an options type's own problem list (<c>Validate()</c>): every problem is reported at once,
/// each a sentence that says how to fix it. Plain checks rather than data annotations, which Native AOT trims.
/// </summary>
internal sealed class ProblemListValidator<TOptions>(Func<TOptions, IReadOnlyList<string>> problems) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var found = problems(options);
        return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
    }
}
