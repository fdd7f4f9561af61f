namespace RunwayRelay.Mcp.Tools;

/// <summary>What a Runway failure code means for the next step. Codes are dotted; the leading parts carry the meaning
/// (Runway's task-failure documentation: SAFETY.*, INTERNAL.*, ASSET.*, INPUT_PREPROCESSING.*).</summary>
internal static class FailureCodeAdvice
{
    public static string For(string? failureCode) => failureCode switch
    {
        null or "" => "Runway gave no failure code; read the reason above (adjust the request if it points at it), then start a new generation.",
        _ when failureCode.StartsWith("SAFETY.INPUT", StringComparison.OrdinalIgnoreCase) || failureCode.StartsWith("INPUT_PREPROCESSING.SAFETY", StringComparison.OrdinalIgnoreCase) =>
            "an input (prompt text or image) was refused by content moderation: change it and start a new generation; retrying the same input will fail again.",
        _ when failureCode.StartsWith("SAFETY.OUTPUT", StringComparison.OrdinalIgnoreCase) =>
            "what was generated (the video, image or audio) was refused by content moderation: change the prompt and start a new generation.",
        _ when failureCode.StartsWith("SAFETY", StringComparison.OrdinalIgnoreCase) =>
            "content moderation refused the task: change the inputs and start a new generation.",
        _ when failureCode.StartsWith("ASSET", StringComparison.OrdinalIgnoreCase) || failureCode.StartsWith("INPUT_PREPROCESSING", StringComparison.OrdinalIgnoreCase) =>
            "an input asset could not be used (unreachable URL, unsupported format or size): fix the input and start a new generation.",
        _ when failureCode.StartsWith("INTERNAL", StringComparison.OrdinalIgnoreCase) =>
            "Runway failed internally: starting the same generation again may well succeed.",
        _ => "an unrecognised failure code: read the reason above, adjust the request and start a new generation.",
    };
}
