using TalentFunctions.Storage.Tables;

namespace TalentFunctions.Storage.Tests;

public sealed class TableFilterTests
{
    [Fact]
    public void Values_become_typed_escaped_literals()
    {
        var id = Guid.Parse("b1c4a0e2-52c5-4f0f-9d0e-3f6bb1a7c001");
        var when = new DateTimeOffset(2026, 3, 1, 14, 30, 0, TimeSpan.FromHours(2));

        var filter = TableFilter.Create(
            $"Name eq {"O'Brien"} and Active eq {true} and N gt {42} and Big lt {5_000_000_000L} and Ratio ge {2.0} and At lt {when} and Id eq {id}");

        Assert.Equal(
            "Name eq 'O''Brien' and Active eq true and N gt 42 and Big lt 5000000000L and Ratio ge 2.0 and " +
            "At lt datetime'2026-03-01T12:30:00.0000000Z' and Id eq guid'b1c4a0e2-52c5-4f0f-9d0e-3f6bb1a7c001'",
            filter);
    }

    [Fact]
    public void Injection_attempts_stay_inside_the_string_literal()
    {
        var filter = TableFilter.Create($"PartitionKey eq {"x' or PartitionKey ne 'x"}");

        Assert.Equal("PartitionKey eq 'x'' or PartitionKey ne ''x'", filter);
    }

    [Fact]
    public void Doubles_are_invariant_and_keep_a_decimal_point()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            Assert.Equal("S gt 3.5", TableFilter.Create($"S gt {3.5}"));
            Assert.Equal("S gt 3.0", TableFilter.Create($"S gt {3.0}"));
            Assert.Equal("S gt -0.25", TableFilter.Create($"S gt {-0.25}"));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Format_specifiers_do_not_change_literals_and_braces_survive()
    {
        Assert.Equal("N eq 7 and T eq '{x}'", TableFilter.Create($"N eq {7:D5} and T eq {"{x}"}"));
    }

    [Fact]
    public void Unsupported_types_and_null_throw()
    {
        Assert.Throws<ArgumentException>(() => TableFilter.Create($"M eq {1.5m}"));
        Assert.Throws<ArgumentException>(() => TableFilter.Create($"M eq {(string?)null}"));
        Assert.Throws<ArgumentException>(() => TableFilter.Create($"M eq {double.NaN}"));
        Assert.Throws<ArgumentException>(() => TableFilter.Create($"M eq {new object()}"));
    }
}
