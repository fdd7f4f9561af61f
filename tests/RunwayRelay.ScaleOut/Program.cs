using RunwayRelay.ScaleOut;

// Three instances behind HAProxy on 127.0.0.1, the real MCP client, one instance stopped and one killed under load.
// Prints a table and exits non-zero when a call hung, a key crossed callers, or the drain did not go as promised.
if (ScaleOutSettings.Parse(args) is not { } settings)
{
    Console.Error.WriteLine(ScaleOutSettings.Usage);
    return 2;
}
return await ScaleOutRun.RunAsync(settings);
