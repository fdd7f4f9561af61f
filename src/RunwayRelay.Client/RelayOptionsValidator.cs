using Microsoft.Extensions.Options;

namespace RunwayRelay.Client;

/// <summary>Reports every problem of <see cref="RelayOptions"/> at once, each with how to fix it.</summary>
public sealed class RelayOptionsValidator : IValidateOptions<RelayOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RelayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
