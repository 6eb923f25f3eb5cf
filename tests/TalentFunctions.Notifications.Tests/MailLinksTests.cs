using TalentFunctions.Notifications.Mailbox;

namespace TalentFunctions.Notifications.Tests;

public sealed class MailLinksTests
{
    [Fact]
    public void Links_come_from_both_parts_distinct_and_decoded()
    {
        const string text = "Open https://apply.example.org/offer/abc.def_-1. Or see (https://apply.example.org/status?id=1&x=2).\n"
            + "链接：https://apply.example.org/zh/页面 和 https://apply.example.org/review/tok。谢谢";
        const string html = "<a href=\"https://apply.example.org/offer/abc.def_-1\">x</a>"
            + "<a href=\"https://apply.example.org/applications/app-1?token&#x3D;t0k&amp;lang&#x3D;zh\">y</a>"
            + "<a href='http://127.0.0.1:7071/dev/mailbox'>z</a> mailto:someone@example.org ftp://example.org/file";

        var links = MailLinks.Extract(text, html);

        Assert.Equal(
            [
                "https://apply.example.org/offer/abc.def_-1",
                "https://apply.example.org/status?id=1&x=2",
                "https://apply.example.org/zh/",
                "https://apply.example.org/review/tok",
                "https://apply.example.org/applications/app-1?token=t0k&lang=zh",
                "http://127.0.0.1:7071/dev/mailbox",
            ],
            links);
    }

    [Fact]
    public void No_links_gives_an_empty_list()
    {
        Assert.Empty(MailLinks.Extract("no links here: http:// nor https://", null));
    }
}
