namespace RunwayRelay.Client;

/// <summary>
/// The relay answered 200, but not with a Runway task: a required field (<c>id</c>, <c>status</c>) is missing.
/// <see cref="FieldsReceived"/> names what did arrive, which tells a Kling- or Luma-style envelope apart.
/// </summary>
public sealed class UnexpectedTaskShapeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UnexpectedTaskShapeException(IReadOnlyList<string> missingFields, IReadOnlyList<string> fieldsReceived)
        : base($"The relay answered 200 but the body is not a Runway task: missing {string.Join(", ", missingFields)}; received fields: {(fieldsReceived.Count == 0 ? "none" : string.Join(", ", fieldsReceived))}.")
    {
        MissingFields = missingFields;
        FieldsReceived = fieldsReceived;
    }

    /// <summary>Required fields that were absent.</summary>
    public IReadOnlyList<string> MissingFields { get; }

    /// <summary>Top-level field names that arrived.</summary>
    public IReadOnlyList<string> FieldsReceived { get; }
}
