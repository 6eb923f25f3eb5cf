namespace TalentFunctions.Browser.Tests;

public sealed class ChromiumLocatorTests
{
    [Fact]
    public void The_configured_path_wins_then_Debians_chromium_then_none()
    {
        Assert.Equal("/opt/chrome", ChromiumLocator.Find("/opt/chrome", _ => true));
        Assert.Equal(ChromiumLocator.DebianChromium, ChromiumLocator.Find(null, p => p == ChromiumLocator.DebianChromium));
        Assert.Null(ChromiumLocator.Find("", _ => false));
    }

    [Fact]
    public void A_configured_path_that_does_not_exist_names_the_install_command()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ChromiumLocator.Find("/nowhere/chromium", _ => false));
        Assert.Contains("/nowhere/chromium", error.Message);
        Assert.Contains(ChromiumLocator.InstallCommand, error.Message);
    }
}
