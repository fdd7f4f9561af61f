using Microsoft.Kiota.Abstractions.Serialization;

namespace RunwayRelay.Client.Generated.Models;

/// <summary>What every typed relay error carries: the relay's own <c>error</c> field, a string on Runway's errors and an
/// object <c>{message, type, code}</c> on "new-api" gateways.</summary>
public interface IRelayErrorBody : IAdditionalDataHolder
{
    /// <summary>The relay's <c>error</c> field, as it arrived.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "The generated error classes name the property after the wire field.")]
    UntypedNode? Error { get; set; }
}
