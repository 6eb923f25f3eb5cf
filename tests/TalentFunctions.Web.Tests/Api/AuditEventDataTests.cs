using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using TalentFunctions.Domain;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Web.Api;

namespace TalentFunctions.Web.Tests.Api;

/// <summary>
/// The audit history's event data (<see cref="AuditEventData"/>): for every event, exactly the JSON the history
/// gave before (the stored event), but the secrets.
/// </summary>
public sealed class AuditEventDataTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The fields of each event that the history leaves out.</summary>
    private static readonly Dictionary<Type, string[]> Secrets = new() { [typeof(DraftCreated)] = ["accessTokenHash"] };

    private static readonly Applicant Applicant = new()
    {
        Name = "林小雨",
        Email = "xiaoyu@example.com",
        PreferredLanguage = "zh",
        School = "USC",
        GraduationYear = 2024,
        Roles = ["director"],
        Awards = ["Student Academy Award"],
        Affiliations = ["Rain Films"],
    };

    private static readonly Project Project = new()
    {
        Title = "雨季 The Rainy Season",
        Logline = "一个女孩在雨季回到故乡。",
        Synopsis = "A short film about returning home.",
        Language = "zh",
        Format = ProjectFormat.ShortDrama,
    };

    private static readonly IReadOnlyList<PendingTimer> Timers =
        [new("review-remind-a1", At.AddDays(5), TimerKind.ReviewReminder, "a1"), new("draft-deadline", At.AddDays(7), TimerKind.DraftDeadline)];

    /// <summary>One of every event, with every field set (and the optional ones also empty).</summary>
    public static readonly IReadOnlyList<ApplicationEvent> Samples =
    [
        new DraftCreated(At, "applicant", "app-1", "hina-directors", "2026", "original-ip", Applicant, Project, "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8", At.AddDays(30), Timers),
        new DraftEdited(At, "applicant", "adaptation", Applicant, Project),
        new MaterialRequested(At, "applicant", "m1", MaterialKind.Reel, "reel.mp4", "video/mp4", 2048, "app-1/m1/reel.mp4"),
        new MaterialAttached(At, "applicant", "m1", 2048, "video/mp4"),
        new MaterialRemoved(At, "applicant", "m1"),
        new Submitted(At, "applicant"),
        new ScreeningStarted(At, "system"),
        new ScreenedIn(At, "system"),
        new ScreenedOut(At, "system", [new(ScreeningReason.SchoolNotRecognised, "'Nowhere' is not a recognised film school")]),
        new ScreeningOverridden(At, "staff", ScreeningOutcome.Pass, "Known school."),
        new MentorAssigned(At, "system", "a1", "mentor-1", At.AddDays(7), Timers),
        new ReviewReassigned(At, "system", "a1", "a2", "mentor-2", At.AddDays(7), true, Timers),
        new ReviewSlotUnfilled(At, "system", 1),
        new ReviewSubmitted(At, "mentor-1", "a1", "mentor-1", new Dictionary<string, int> { ["story"] = 5, ["voice"] = 4 }, Recommendation.Advance, "Wonderful."),
        new ReviewsCompleted(At, "system", 4.25),
        new ConflictDeclared(At, "mentor-1", "a1", "mentor-1", "I know the applicant."),
        new ConflictDeclared(At, "mentor-1", "a1", "mentor-1"),
        new ReviewReminderDue(At, "timer", "a1"),
        new ReviewOverdue(At, "timer", "a1", true),
        new OfferMade(At, "staff", "o1", At.AddDays(14), "欢迎加入！", Timers),
        new OfferMade(At, "waitlist", "o2", At.AddDays(14), "", Timers, OverCapacity: false, FromWaitlist: true),
        new OfferReminderDue(At, "timer", "o1"),
        new Rejected(At, "staff", "Not this time."),
        new Waitlisted(At, "staff", "Waitlisted."),
        new OfferAccepted(At, "applicant", "o1"),
        new OfferDeclined(At, "applicant", "o1"),
        new OfferExpired(At, "timer", "o1"),
        new Withdrew(At, "applicant", "Plans changed."),
        new Withdrew(At, "applicant"),
        new DraftReminderDue(At, "timer", 72),
        new MarkedIncomplete(At, "timer"),
        new NeedsAttentionFlagged(At, "system", "no-mentor-left"),
        new NeedsAttentionResolved(At, "staff", "no-mentor-left"),
        new WaitlistNextSuggested(At, "waitlist", "app-2"),
        new DecisionRecorded(At, "staff", StaffDecision.Offer, "Welcome", true, false,
            new PendingTimer(TimerIds.DecisionRelease(9), At.AddDays(30), TimerKind.DecisionRelease)),
        new DecisionReleased(At, "timer", StaffDecision.Offer),
        new DecisionReleaseMoved(At, "staff", new PendingTimer(TimerIds.DecisionRelease(10), At.AddDays(37), TimerKind.DecisionRelease)),
    ];

    [Fact]
    public void Every_event_has_history_data_and_a_sample_here()
    {
        var events = typeof(ApplicationEvent).GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => (string)a.TypeDiscriminator!).ToHashSet();
        var data = typeof(AuditEventData).GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => (string)a.TypeDiscriminator!).ToHashSet();
        Assert.Equal(events.Order(), data.Order());
        Assert.Equal(events.Order(), Samples.Select(DomainJson.TypeName).Distinct().Order());
        Assert.All(Samples, e => Assert.NotNull(AuditEventData.From(e)));
    }

    [Fact]
    public void The_history_data_of_every_event_is_its_stored_json_without_its_secrets()
    {
        foreach (var e in Samples)
        {
            var stored = JsonSerializer.SerializeToNode(e, DomainJson.Options)!.AsObject();
            foreach (var secret in Secrets.GetValueOrDefault(e.GetType(), []))
            {
                Assert.True(stored.Remove(secret), $"{e.GetType().Name} has no {secret}");
            }
            var shown = JsonSerializer.SerializeToNode(StaffViews.Data(e))!;
            Assert.Equal(stored.ToJsonString(), shown.ToJsonString());
        }
    }

    [Fact]
    public void The_draft_created_entry_has_no_access_token_hash()
    {
        var created = Samples.OfType<DraftCreated>().Single();
        var entry = StaffViews.Entry(new Workflow.Store.StoredEvent(1, nameof(DraftCreated), created.At, created.Actor, created));
        var json = JsonSerializer.Serialize(entry, ApiJson.Options);
        Assert.DoesNotContain(created.AccessTokenHash, json, StringComparison.Ordinal);
        Assert.DoesNotContain("accessTokenHash", json, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"applicationId\":\"app-1\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_without_history_data_shows_only_its_type_time_and_actor()
    {
        var shown = JsonSerializer.SerializeToNode(StaffViews.Data(new UnlistedEvent(At, "system", "s3cret")))!.AsObject();
        Assert.Equal(["type", "at", "actor"], shown.Select(p => p.Key));
        Assert.Equal(nameof(UnlistedEvent), shown["type"]!.GetValue<string>());
        Assert.Equal(JsonSerializer.SerializeToNode(At, DomainJson.Options)!.GetValue<string>(), shown["at"]!.GetValue<string>());
        Assert.DoesNotContain("s3cret", shown.ToJsonString(), StringComparison.Ordinal);
    }

    /// <summary>A field added to the state fails this until it is either shown to staff or listed here as not shown.</summary>
    [Fact]
    public void The_staff_application_is_the_state_without_its_secrets()
    {
        string[] notShown = [nameof(ApplicationState.AccessTokenHash)];
        var state = typeof(ApplicationState).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToList();
        var staff = typeof(StaffApplication).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToList();
        Assert.Equal(state.Except(notShown), staff);
    }

    private sealed record UnlistedEvent(DateTimeOffset At, string Actor, string Secret) : ApplicationEvent(At, Actor);
}
