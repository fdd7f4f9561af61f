using Microsoft.Kiota.Abstractions;

namespace RunwayRelay.Client.Generated.Models;

// The generated class keeps Exception's default message; RelayErrorMessages rebuilds it with one that speaks.
public partial class UnauthorizedError : IRelayErrorBody
{
    /// <summary>Creates the error with a message that says what happened.</summary>
    public UnauthorizedError(string message)
        : base(message)
    {
        AdditionalData = new Dictionary<string, object>();
    }
}
