namespace RunwayRelay.Sandbox;

/// <summary>What the sandbox does for a task id. The id's prefix chooses it; anything after the prefix is free,
/// so load tests can use many distinct tasks of one kind (<c>demo-success-42</c>).</summary>
public enum SandboxScenario
{
    /// <summary>No such task: 404.</summary>
    NotFound,
    /// <summary>PENDING, RUNNING with rising progress, SUCCEEDED.</summary>
    Success,
    /// <summary>As <see cref="Success"/>, its output a picture (<c>.png</c>), as Runway's image tasks end: the same task
    /// endpoint serves them.</summary>
    Image,
    /// <summary>As <see cref="Success"/>, its output a sound (<c>.wav</c>), as Runway's speech and sound tasks end.</summary>
    Audio,
    /// <summary>THROTTLED, RUNNING, SUCCEEDED.</summary>
    Throttled,
    /// <summary>PENDING, RUNNING, FAILED (content moderation).</summary>
    Failure,
    /// <summary>PENDING, CANCELLED.</summary>
    Cancelled,
    /// <summary>A status value later API versions might add, plus an extra field.</summary>
    NewStatus,
    /// <summary>429 with <c>Retry-After</c> on the first call, then the <see cref="Success"/> lifecycle.</summary>
    RateLimitedOnce,
    /// <summary>503 on the first call, then the <see cref="Success"/> lifecycle.</summary>
    UnavailableOnce,
    /// <summary>The <see cref="Success"/> lifecycle on the first call, then 503 on every call: the relay going down mid-wait.</summary>
    Outage,
    /// <summary>For its first lifecycle step, the relay's own <c>task_not_exist</c> with 400, as gateways built on new-api
    /// answer a task created moments ago; then the <see cref="Success"/> lifecycle, one step late.</summary>
    AppearsLate,
    /// <summary>PENDING, RUNNING, then 404 from its fourth lifecycle step on: the task cancelled or deleted while it ran
    /// (Runway answers 404 for both).</summary>
    Deleted,
    /// <summary>SUCCEEDED from the first call: the benchmarks' steady answer.</summary>
    Instant,
    /// <summary>429 with <c>Retry-After</c> in seconds.</summary>
    RateLimited,
    /// <summary>429 with <c>Retry-After</c> as an HTTP date.</summary>
    RateLimitedDate,
    /// <summary>429 without <c>Retry-After</c>.</summary>
    RateLimitedBare,
    /// <summary>A fixed error status, named in the id (<c>fault-400</c>, <c>fault-503</c>, ...).</summary>
    Status,
    /// <summary>Answers after <see cref="SandboxOptions.SlowSeconds"/>.</summary>
    Slow,
    /// <summary>200 with a body that is not JSON.</summary>
    Malformed,
    /// <summary>502 with an HTML error page.</summary>
    Html,
    /// <summary>200 with the Kling envelope the relay's page documents.</summary>
    Kling,
    /// <summary>200 with the Luma web-app object the relay's page shows as an example.</summary>
    Luma,
    /// <summary>200 with the Runway object wrapped in a relay envelope under <c>data</c> (CometAPI style).</summary>
    Wrapped,
    /// <summary>200 in that envelope, the relay's own record FAILURE with its reason (new-api's timeout sweep) over a
    /// Runway task left RUNNING: the relay has stopped following it.</summary>
    RelayGaveUp,
    /// <summary>200 in that envelope, the relay's record naming the task by the id asked for (its own, as new-api gives
    /// callers <c>task_…</c> ids) and the Runway task inside by Runway's id.</summary>
    RelaysOwnId,
    /// <summary>200 in that envelope, the relay's record of the task (IN_PROGRESS, 30%) holding only Runway's answer to
    /// the creation, its id: Runway's answer about the task has not come through yet.</summary>
    RelayRecordOnly,
    /// <summary>200 with a 50 MB body.</summary>
    Huge,
    /// <summary>200 whose body arrives one byte a second.</summary>
    Trickle,
    /// <summary>200 whose connection is reset halfway through the body.</summary>
    Reset,
    /// <summary>200 that announces a longer body than it sends, then closes.</summary>
    Truncated,
    /// <summary>302 to the same sandbox under another host name.</summary>
    Redirect,
    /// <summary>RUNNING with values other relays send: progress as a percentage (42), createdAt in epoch milliseconds.</summary>
    OddRunning,
    /// <summary>SUCCEEDED with a fractional cost (12.5 credits) and a createdAt without a time zone.</summary>
    OddSucceeded,
    /// <summary>RUNNING with numbers beyond any .NET number type (progress 1e400, one inside an unknown object) and an
    /// estimated cost whose credits are a word.</summary>
    OddValues,
    /// <summary>SUCCEEDED, its output holding what no view may open beside the video: a <c>javascript:</c> URL and a
    /// relative path.</summary>
    OddOutput,
    /// <summary>SUCCEEDED, with fields a relay might add that are far too large for a tool result: a 300,000-character
    /// data URI and an array of 20,000 objects, beside a small one.</summary>
    Bloated,
    /// <summary>200 whose id is a number.</summary>
    NumericId,
    /// <summary>200 with the task inside a JSON array, as a list endpoint answers.</summary>
    Array,
    /// <summary>FAILED, the body written in Latin-1 rather than UTF-8 (the "é" of the failure reason is one byte).</summary>
    NotUtf8,
    /// <summary>200 with a task, but another task's (its id differs from the one asked for).</summary>
    OtherId,
    /// <summary>302 to the same task on the same host (a query added), which then answers SUCCEEDED.</summary>
    RedirectSameHost,
    /// <summary>RUNNING at 50 % forever: a wait on it ends only by its timeout or by being cancelled.</summary>
    NeverEnds,
    /// <summary>200 with only the relay's own <c>code</c> and <c>message</c> (CometAPI's <c>task_not_exist</c>).</summary>
    RelayError,
}
