using RunwayRelay.Sandbox;

namespace RunwayRelay.Mcp.Tests;

/// <summary>
/// What the tests of one token issuer product share: the sandbox relay and the issuer on 127.0.0.1, both started for
/// each test and stopped after it, and the log of the server a test starts.
/// </summary>
public abstract class IssuerProductTests : IAsyncLifetime
{
    private readonly IssuerProduct product;

    // The product is a type of this assembly's, so the constructor is not visible outside it.
    private protected IssuerProductTests(IssuerProduct product) => this.product = product;

    /// <summary>Where the server under test logs.</summary>
    private protected CapturedLogs Logs { get; } = new();

    /// <summary>The relay the server under test reads tasks from.</summary>
    private protected SandboxRelay Sandbox { get; private set; } = null!;

    /// <summary>The issuer, with the product's paths, metadata, sign-in rules and tokens.</summary>
    private protected TestTokenIssuer Issuer { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Sandbox = await SandboxRelay.StartAsync(new SandboxOptions(), cancellationToken: ct);
        Issuer = await TestTokenIssuer.StartAsync(ct, product: product);
    }

    public virtual async ValueTask DisposeAsync()
    {
        await Issuer.DisposeAsync();
        await Sandbox.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
