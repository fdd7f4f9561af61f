using System.Text.Json;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using RunwayRelay.Client.Generated.Models;
using RunwayRelay.Client.Serialization;
using TaskStatus = RunwayRelay.Client.Generated.Models.TaskStatus;

namespace RunwayRelay.Client;

/// <summary>
/// Some relays answer 200 with their own envelope instead of Runway's task: <c>{code, message, data: {…}}</c>, with the
/// task under <c>data</c> (or under <c>data.data</c>, as CometAPI does), or with only their own <c>code</c> and
/// <c>message</c> when something went wrong. This finds the task in such an envelope, or the relay's own error, and
/// takes the relay's word where its own record ended a task Runway's last answer had not.
/// </summary>
internal static class RelayEnvelope
{
    /// <summary>Where an unwrapped task keeps the envelope's own fields (everything but <c>data</c>), so callers can tell.</summary>
    public const string EnvelopeField = "relayEnvelope";

    /// <summary>Where a task the relay names by its own id keeps Runway's id for it.</summary>
    public const string RunwayTaskIdField = "runwayTaskId";

    /// <summary>Where a task read from the relay's record alone, Runway's answer not in yet, keeps the record's status.</summary>
    public const string RelayStatusField = "relayStatus";

    private const int MaxDepth = 2;

    /// <summary>The Runway task inside <paramref name="outer"/>'s envelope, with the envelope's fields under
    /// <see cref="EnvelopeField"/>; <c>null</c> when there is none. <paramref name="askedFor"/> is the id asked for.</summary>
    public static RunwayTask? Unwrap(RunwayTask outer, string askedFor)
    {
        // The envelope's objects, outermost first: each but the last holds the next under "data".
        var wrappers = new List<IDictionary<string, object>> { outer.AdditionalData };
        for (var depth = 0; depth < MaxDepth && wrappers[^1].TryGetValue("data", out var data) && data is UntypedObject inner; depth++)
        {
            var fields = inner.GetValue();
            if (fields.TryGetValue("id", out var id) && id is UntypedString && fields.TryGetValue("status", out var status) && status is UntypedString)
            {
                var task = Read(inner);
                task.AdditionalData[EnvelopeField] = WithoutTask(wrappers, 0);
                return WithTheRelaysVerdict(UnderTheRelaysId(task, wrappers[^1], askedFor), wrappers[^1]);
            }
            wrappers.Add(fields.ToDictionary(f => f.Key, f => (object)f.Value));
        }
        return FromTheRelaysRecord(wrappers, askedFor);
    }

    // A gateway built on new-api keeps its own record of each task (QuantumNous/new-api, model/task.go): its status
    // NOT_START, SUBMITTED or QUEUED until the upstream takes it, IN_PROGRESS with a progress such as "30%", then
    // SUCCESS or FAILURE, and under data the upstream's last answer, which before its first poll is no Runway task yet.
    // A record of the task asked for that has not ended is then all there is: the task is PENDING or RUNNING by the
    // relay's word (a FAILURE, by its word, FAILED), so that a wait goes on instead of failing on a task just created.
    private static RunwayTask? FromTheRelaysRecord(List<IDictionary<string, object>> wrappers, string askedFor)
    {
        var record = wrappers.LastOrDefault(fields => StringIn(fields, "task_id") == askedFor);
        if (record is null || StringIn(record, "status") is not { } relayStatus)
        {
            return null;
        }
        TaskStatus? status = relayStatus switch
        {
            "NOT_START" or "SUBMITTED" or "QUEUED" => TaskStatus.PENDING,
            "IN_PROGRESS" => TaskStatus.RUNNING,
            "FAILURE" => TaskStatus.FAILED,
            _ => null,
        };
        if (status is null)
        {
            return null;
        }
        var task = new RunwayTask { Id = askedFor, Status = status };
        task.AdditionalData[EnvelopeField] = new UntypedObject(Nodes(wrappers[0], without: null));
        task.AdditionalData[RelayStatusField] = new UntypedString(relayStatus);
        if (status == TaskStatus.RUNNING && StringIn(record, "progress") is { } percent
            && double.TryParse(percent.TrimEnd('%'), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var done) && done is >= 0 and <= 100)
        {
            task.Progress = done / 100;
        }
        if (status == TaskStatus.FAILED)
        {
            task.Failure = $"The relay marked the task failed before Runway's answer about it came through ({FailReason(record)}).";
        }
        // Runway's answer to the creation, { "id": … }, may already be there.
        if (record.TryGetValue("data", out var upstream) && upstream is UntypedObject answer
            && answer.GetValue().TryGetValue("id", out var id) && id is UntypedString { } runwayId && runwayId.GetValue() is { Length: > 0 } runways && runways != askedFor)
        {
            task.AdditionalData[RunwayTaskIdField] = new UntypedString(runways);
        }
        return task;
    }

    private static string? StringIn(IDictionary<string, object> fields, string name) =>
        fields.TryGetValue(name, out var value) && value is UntypedString { } text ? text.GetValue() : null;

    private static string FailReason(IDictionary<string, object> record) =>
        StringIn(record, "fail_reason") is { } said && !string.IsNullOrWhiteSpace(said) ? said : "no reason given";

    private static Dictionary<string, UntypedNode> Nodes(IDictionary<string, object> fields, string? without) =>
        fields.Where(f => f.Key != without && f.Value is UntypedNode).ToDictionary(f => f.Key, f => (UntypedNode)f.Value);

    // The envelope as it came, but for the task itself: a relay's own record of the task (CometAPI's status, progress
    // and fail_reason beside the Runway object) is kept too.
    private static UntypedObject WithoutTask(List<IDictionary<string, object>> wrappers, int level)
    {
        var fields = Nodes(wrappers[level], without: "data");
        if (level + 1 < wrappers.Count)
        {
            fields["data"] = WithoutTask(wrappers, level + 1);
        }
        return new UntypedObject(fields);
    }

    // Gateways built on new-api give callers an id of their own (task_…) and keep the upstream's to themselves
    // (QuantumNous/new-api, model/task.go: GenerateTaskID, PrivateData.UpstreamTaskID); their record of the task names it
    // by theirs beside Runway's answer, whose id is Runway's. When the record names the id asked for, the task is that
    // one: it takes the relay's id, the one to ask with again, and keeps Runway's beside it.
    private static RunwayTask UnderTheRelaysId(RunwayTask task, IDictionary<string, object> record, string askedFor)
    {
        if (task.Id == askedFor || StringIn(record, "task_id") != askedFor)
        {
            return task;
        }
        task.AdditionalData[RunwayTaskIdField] = new UntypedString(task.Id);
        task.Id = askedFor;
        return task;
    }

    // Gateways built on new-api mark a task they stop following FAILURE themselves, with their reason (a timeout sweep:
    // QuantumNous/new-api, service/task_polling.go), and leave the last Runway answer under data as it was, never to
    // change again. The relay's verdict is then the task's end; what Runway last said is kept in the failure's words.
    private static RunwayTask WithTheRelaysVerdict(RunwayTask task, IDictionary<string, object> record)
    {
        if (task.IsTerminal() || StringIn(record, "status") != "FAILURE")
        {
            return task;
        }
        var last = task.StatusText() is { } runwayStatus ? $"was {runwayStatus}" : "had no status";
        task.Failure = $"The relay stopped following the task and marked it failed ({FailReason(record)}); Runway's last answer through the relay {last}.";
        task.Status = TaskStatus.FAILED;
        // A status Runway's enum does not know is kept there; the failure's words say it now.
        task.AdditionalData.Remove("status");
        return task;
    }

    /// <summary>The relay's own error when <paramref name="outer"/> carries only its <c>code</c> and <c>message</c>
    /// (its <c>data</c>, where the task would be, absent or empty: <c>null</c>, <c>{}</c>, <c>[]</c>), or only an
    /// <c>error</c>: a string, as Runway's own errors are, or an object with a <c>message</c> and a <c>code</c>, as gateways
    /// built on "new-api" write theirs (QuantumNous/new-api, <c>dto/error.go</c>), sent with a 200 all the same.</summary>
    public static RelayErrorAnswerException? ErrorIn(RunwayTask outer) =>
        ErrorIn(outer.AdditionalData, 200) ?? ErrorFieldIn(outer.AdditionalData);

    /// <summary>The relay's own error when a 400 carries its <c>code</c> and <c>message</c> rather than Runway's
    /// <c>error</c>: gateways built on "new-api" answer a task they do not know so (QuantumNous/new-api,
    /// <c>relay/relay_task.go</c> and <c>dto/task.go</c>), and it is not a malformed request.</summary>
    public static RelayErrorAnswerException? ErrorIn(ApiException answer) =>
        answer is BadRequestError { Error: null } own ? ErrorIn(own.AdditionalData, answer.ResponseStatusCode) : null;

    private static RelayErrorAnswerException? ErrorIn(IDictionary<string, object> fields, int status)
    {
        if ((fields.TryGetValue("data", out var data) && !IsEmpty(data)) || !(fields.ContainsKey("code") || fields.ContainsKey("message")))
        {
            return null;
        }
        return new RelayErrorAnswerException(Text(fields.TryGetValue("code", out var code) ? code : null), Text(fields.TryGetValue("message", out var message) ? message : null), status);
    }

    private static RelayErrorAnswerException? ErrorFieldIn(IDictionary<string, object> fields)
    {
        if ((fields.TryGetValue("data", out var data) && !IsEmpty(data)) || !fields.TryGetValue("error", out var error))
        {
            return null;
        }
        var (code, message) = error switch
        {
            UntypedString text => (null, text.GetValue()),
            UntypedObject inner when inner.GetValue() is var members =>
                (Text(members.TryGetValue("code", out var innerCode) ? innerCode : null), Text(members.TryGetValue("message", out var said) ? said : null)),
            _ => (null, null),
        };
        return code is null && string.IsNullOrWhiteSpace(message) ? null : new RelayErrorAnswerException(code, message, 200);
    }

    private static bool IsEmpty(object? value) => value switch
    {
        UntypedNull => true,
        UntypedObject inner => !inner.GetValue().Any(),
        UntypedArray items => !items.GetValue().Any(),
        _ => false,
    };

    private static string? Text(object? value) => value switch
    {
        UntypedString s => s.GetValue(),
        UntypedInteger i => i.GetValue().ToString(System.Globalization.CultureInfo.InvariantCulture),
        UntypedLong l => l.GetValue().ToString(System.Globalization.CultureInfo.InvariantCulture),
        UntypedDecimal d => d.GetValue().ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };

    private static RunwayTask Read(UntypedObject inner)
    {
        using var document = JsonDocument.Parse(UntypedJson.ToNode(inner)!.ToJsonString());
        return new TolerantJsonParseNode(document.RootElement.Clone()).GetObjectValue(RunwayTask.CreateFromDiscriminatorValue);
    }
}
