using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RunwayRelay.Mcp.Configuration;
using RunwayRelay.Mcp.Tools;

namespace RunwayRelay.Mcp.Tests;

/// <summary>The caps on waits running at once, taken and given back directly (the tool's own tests go through a call).</summary>
public sealed class WaitSlotsTests : IDisposable
{
    private readonly ServiceProvider metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();

    [Fact]
    public void A_callers_entry_goes_with_its_last_slot_even_after_a_refusal()
    {
        var slots = Slots(total: 10, perCaller: 2);
        var held = Enumerable.Range(0, 5).Select(i => slots.TryTake($"caller-{i}")).ToList();
        held.Add(slots.TryTake("caller-0"));

        // caller-0 is at its cap of 2: refused, and the refusal leaves its two slots as they were.
        Assert.Null(slots.TryTake("caller-0"));
        Assert.All(held, slot => Assert.NotNull(slot));
        Assert.Equal(5, slots.CallersHoldingSlots);

        held[0]!.Dispose();
        Assert.Equal(5, slots.CallersHoldingSlots);
        foreach (var slot in held)
        {
            slot!.Dispose();
        }
        Assert.Equal(0, slots.CallersHoldingSlots);
    }

    [Fact]
    public void A_slot_disposed_twice_is_given_back_once()
    {
        var slots = Slots(total: 2, perCaller: 2);
        var first = slots.TryTake("a")!;
        using var second = slots.TryTake("b");

        first.Dispose();
        first.Dispose();
        using var third = slots.TryTake("a");

        // Two slots in use (b and the new a): a second give-back of the first would have freed room for a third.
        Assert.NotNull(third);
        Assert.Null(slots.TryTake("c"));
        Assert.Null(slots.TryTake("a"));
    }

    private WaitSlots Slots(int total, int perCaller) => new(
        Options.Create(new WaitOptions { MaxConcurrentWaits = total, MaxConcurrentWaitsPerCaller = perCaller }),
        metrics.GetRequiredService<IMeterFactory>());

    public void Dispose() => metrics.Dispose();
}
