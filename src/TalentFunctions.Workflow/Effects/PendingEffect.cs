namespace TalentFunctions.Workflow.Effects;

/// <summary>
/// Something a committed command leaves to do, stored as row <c>o{EffectId}</c> in the application's partition in
/// the same transaction as the change that caused it, and removed once done. The application's orchestration does
/// them (<see cref="Lifecycle.ApplicationLifecycle"/>): a change and its consequences are never separated, even
/// when the process that committed it dies before telling the orchestration.
/// <see cref="Type"/> says what to do; <see cref="Json"/> is its payload; <see cref="Sequence"/> keeps the order
/// in which the command produced them.
/// </summary>
public sealed record PendingEffect(string EffectId, string Type, string Json, long Sequence);

/// <summary>The kinds of pending effects.</summary>
public static class PendingEffectTypes
{
    /// <summary>An email (the domain's <c>SendEmail</c> effect, as JSON): the orchestration's SendEmail activity.</summary>
    public const string Email = "email";

    /// <summary>Screening or mentor assignment: an activity of the orchestration that ends in one command.</summary>
    public const string Work = "work";

    /// <summary>The staff listing row changed.</summary>
    public const string Index = "index";

    /// <summary>Open reviews per mentor changed.</summary>
    public const string MentorLoad = "mentor-load";

    /// <summary>The application's cohort seat is free again (<see cref="Seats.SeatLedger"/>).</summary>
    public const string SeatRelease = "seat-release";

    /// <summary>
    /// A mentor who reads another language than the project's was assigned: machine-translate the texts they read into
    /// that language (<see cref="TranslatePayload"/>), once per application and language.
    /// </summary>
    public const string Translate = "translate";
}
